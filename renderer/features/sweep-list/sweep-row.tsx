import type { SweepSummary } from '../../../shared/api/types.ts'
import { Badge } from '../../ui/badge.tsx'
import { formatDuration, formatMetric, formatRelativeTime } from '../../ui/format.ts'
import { ProgressBar } from '../../ui/progress-bar.tsx'
import { SweepEta } from '../../ui/sweep-eta.tsx'
import { sweepStatusTone } from './sweep-status.ts'

export interface SweepRowProps {
  sweep: SweepSummary
  now: number
  onStop: (sweepId: number) => void
  stopping: boolean
  onDelete: (sweep: SweepSummary) => void
  /** Ticked for the compare view. */
  checked: boolean
  onCheck: (sweepId: number, checked: boolean) => void
  /** A read-only workspace: no stop or delete. */
  readOnly?: boolean
}

export function SweepRow({ sweep, now, onStop, stopping, onDelete, checked, onCheck, readOnly = false }: SweepRowProps) {
  const duration = sweep.startedAt === null ? null : (sweep.endedAt ?? now) - sweep.startedAt
  const running = sweep.status === 'running'
  return (
    <tr aria-selected={checked}>
      <td className="sweep-check">
        <input type="checkbox" checked={checked} onChange={(e) => onCheck(sweep.id, e.target.checked)} aria-label={`Select ${sweep.name} to compare`} />
      </td>
      <td>
        <a href={`#/sweeps/${sweep.id}`}>{sweep.name}</a>
        {sweep.error && <div className="sweep-error" title={sweep.error}>{sweep.error}</div>}
      </td>
      <td>{sweep.method}</td>
      <td><Badge tone={sweepStatusTone(sweep.status)}>{sweep.status}</Badge></td>
      <td>
        <ProgressBar done={sweep.done} total={sweep.total} label={`${sweep.name} progress`} />
        {running && <div className="muted sweep-row-eta"><SweepEta sweep={sweep} now={now} short /></div>}
      </td>
      <td className="num">
        {sweep.bestValue === null ? (
          <span className="muted">—</span>
        ) : (
          <>
            {formatMetric(sweep.bestValue)}{' '}
            <span className="muted" title={sweep.metricGoal}>
              {sweep.metricName ?? 'metric'} {sweep.metricGoal === 'minimize' ? '↓' : '↑'}
            </span>
          </>
        )}
      </td>
      <td title={new Date(sweep.createdAt).toLocaleString()}>{formatRelativeTime(sweep.createdAt, now)}</td>
      <td className="num">{duration === null ? <span className="muted">—</span> : formatDuration(duration)}</td>
      <td className="sweep-actions">
        {!readOnly && running && (
          <button type="button" onClick={() => onStop(sweep.id)} disabled={stopping} aria-label={`Stop ${sweep.name}`}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
        {/* A disabled button gets no hover, so the reason sits on its wrapper. */}
        {!readOnly && <span title={running ? 'Stop the sweep before deleting it' : undefined}>
          <button
            type="button"
            className="danger-quiet"
            onClick={() => onDelete(sweep)}
            disabled={running}
            aria-label={`Delete sweep ${sweep.name}`}
            aria-describedby={running ? `delete-hint-${sweep.id}` : undefined}
          >
            Delete
          </button>
          {running && <span id={`delete-hint-${sweep.id}`} className="visually-hidden">Stop the sweep before deleting it</span>}
        </span>}
      </td>
    </tr>
  )
}
