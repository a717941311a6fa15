import { formatMetric } from '../../ui/format.ts'
import type { SingleValue } from './curve-groups.ts'

/** Metrics reported once (final test scores, means over folds): a value each, not a line. */
export function SingleValues({ values, short }: { values: SingleValue[]; short: (name: string) => string }) {
  const anyStd = values.some((v) => v.std !== null)
  return (
    <table className="single-values">
      <caption>Reported once</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">Value</th>
          {anyStd && <th scope="col" className="num">± std</th>}
          <th scope="col" className="num">Step</th>
        </tr>
      </thead>
      <tbody>
        {values.map((v) => (
          <tr key={v.name}>
            <th scope="row"><code>{short(v.name)}</code></th>
            <td className="num">{v.value === null ? <span className="muted" title="not a finite number">NaN</span> : formatMetric(v.value)}</td>
            {anyStd && <td className="num">{v.std === null ? '' : formatMetric(v.std)}</td>}
            <td className="num muted">{v.step}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
