import { flattenForDisplay, formatParamText } from '../../../shared/flatten-params.ts'

/** The trial's params, nested ones flattened to dotted names (as in the CSV export). */
export function ParamsTable({ params }: { params: Readonly<Record<string, unknown>> }) {
  const rows = flattenForDisplay(params)
  if (rows.length === 0) return <p className="muted">This trial has no params (the sweep's parameters are all constants of the trainer).</p>
  return (
    <table className="params-table">
      <thead>
        <tr>
          <th scope="col">Param</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row"><code>{name}</code></th>
            <td className="param-value">{formatParamText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
