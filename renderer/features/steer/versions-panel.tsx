import { useState } from 'react'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { useSweepVersions } from '../../data/steering.ts'
import { formatRelativeTime } from '../../ui/format.ts'

/** The sweep's config versions: when, why, how many trials each produced; each one's YAML on demand. */
export function VersionsPanel({ sweep }: { sweep: SweepDetail }) {
  const versions = useSweepVersions(sweep.id, sweep.configVersion)
  const [open, setOpen] = useState<number | null>(null)
  if (versions.isPending) return <p className="muted" aria-busy="true">Loading versions…</p>
  if (versions.isError) return <div className="error-box" role="alert">Could not load the versions: {versions.error.message}</div>
  return (
    <div className="versions-panel">
      <table className="versions-table" aria-label="Config versions">
        <thead>
          <tr><th scope="col">Version</th><th scope="col">Saved</th><th scope="col" className="num">Trials</th><th scope="col">Note</th><th scope="col"><span className="visually-hidden">Config</span></th></tr>
        </thead>
        <tbody>
          {versions.data.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td>v{v.version}{v.current && <span className="muted"> (current)</span>}</td>
              <td>{formatRelativeTime(v.createdAt, Date.now())}</td>
              <td className="num">{v.trials}</td>
              <td>{v.note ?? <span className="muted">{v.version === 1 ? 'the sweep file' : '—'}</span>}</td>
              <td>
                <button type="button" className="link-button" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? null : v.version)}>
                  {open === v.version ? 'Hide YAML' : 'Show YAML'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null && <pre className="versions-yaml" aria-label={`Config version ${open}`}>{versions.data.find((v) => v.version === open)?.specText}</pre>}
    </div>
  )
}
