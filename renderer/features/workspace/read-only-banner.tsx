import { useWorkspace } from '../../data/compare-queries.ts'
import './read-only-banner.css'

/** Shown on every screen while the workspace is open read-only: nothing can be started, stopped or deleted. */
export function ReadOnlyBanner() {
  const ws = useWorkspace()
  if (!ws.data?.readOnly) return null
  return (
    <div className="read-only-banner" role="status" data-testid="read-only-banner">
      <strong>Read-only workspace</strong> <span className="read-only-path" title={ws.data.dbPath}>{ws.data.dbPath}</span>
      <span className="muted"> — browse and compare its sweeps; starting, stopping or deleting is turned off.</span>
    </div>
  )
}
