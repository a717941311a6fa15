import type { DatasetInfo } from '../../../shared/dataset-spec.ts'
import { useDatasetVersions } from '../../data/dataset-queries.ts'
import { formatBytes } from '../trial-detail/format-bytes.ts'

/**
 * Every registered version of one dataset with its counts, newest first; picking a row shows that
 * version's report. A sweep file pins one with `dataset: NAME@VERSION`.
 */
export function DatasetVersions({ name, shown, onPick }: { name: string; shown: number; onPick: (version: number) => void }) {
  const all = useDatasetVersions()
  const versions = (all.data ?? []).filter((d): d is DatasetInfo & { version: number } => !d.builtin && d.name === name && d.version !== null)
  if (versions.length < 2) return null
  return (
    <section className="dataset-versions" aria-label="Versions">
      <h4>Versions</h4>
      <table className="dataset-table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Imported</th>
            <th scope="col">In a sweep file</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className={v.version === shown ? 'selected' : undefined}>
              <td>
                <button type="button" className="link-button" aria-pressed={v.version === shown} onClick={() => onPick(v.version)}>
                  v{v.version}{v.version === versions[0]!.version ? ' (latest)' : ''}
                </button>
              </td>
              <td className="num">{v.rows.toLocaleString('en-US')}</td>
              <td className="num">{formatBytes(v.bytes)}</td>
              <td>{v.createdAt !== null ? new Date(v.createdAt).toLocaleString() : ''}</td>
              <td><code>dataset: {name}@{v.version}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
