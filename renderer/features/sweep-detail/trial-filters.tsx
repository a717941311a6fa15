import { memo, useMemo, type Dispatch } from 'react'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { TRIAL_STATUSES, type TrialStatus } from '../../../shared/status.ts'
import { FAILURE_REASONS, FAILURE_REASON_LABELS, type FailureReason } from '../../../shared/failure-reasons.ts'
import { describeFilter, type AxisFilter } from '../../plots/axis-filter.ts'
import type { AxisInfo, SweepAxes } from '../../plots/sweep-axes.ts'
import { RangeEditor } from './range-editor.tsx'
import type { SelectionAction } from './selection.ts'

export interface TrialFiltersProps {
  trials: readonly TrialSummary[]
  axes: SweepAxes
  filters: Readonly<Record<string, AxisFilter>>
  statuses: readonly TrialStatus[]
  reasons: readonly FailureReason[]
  topK: number
  dispatch: Dispatch<SelectionAction>
}

/**
 * Status chips, the active filters (each removable), and a range editor per axis: the keyboard
 * way to set what brushing the parcoords sets, on the same state.
 */
export const TrialFilters = memo(function TrialFilters({ trials, axes, filters, statuses, reasons, topK, dispatch }: TrialFiltersProps) {
  const counts = useMemo(() => {
    const c = new Map<TrialStatus, number>()
    for (const t of trials) c.set(t.status, (c.get(t.status) ?? 0) + 1)
    return c
  }, [trials])
  const reasonCounts = useMemo(() => {
    const c = new Map<FailureReason, number>()
    for (const t of trials) if (t.failureReason !== null) c.set(t.failureReason, (c.get(t.failureReason) ?? 0) + 1)
    return c
  }, [trials])
  const present = TRIAL_STATUSES.filter((s) => counts.has(s) || statuses.includes(s))
  const presentReasons = FAILURE_REASONS.filter((r) => reasonCounts.has(r) || reasons.includes(r))
  const editable = axes.metric ? [...axes.params, axes.metric] : axes.params
  const active = Object.entries(filters).flatMap(([key, f]) => {
    const axis = axes.byKey.get(key)
    return axis ? [{ axis, f }] : []
  })
  const set = (key: string, filter: AxisFilter | null) => dispatch({ type: 'set-filter', key, filter })

  return (
    <div className="trial-filters">
      <div className="status-chips" role="group" aria-label="Filter by status">
        <span className="muted">Status</span>
        {present.map((s) => (
          <button key={s} type="button" className="chip" aria-pressed={statuses.includes(s)} onClick={() => dispatch({ type: 'toggle-status', status: s })}>
            {s} <span className="chip-count">{counts.get(s) ?? 0}</span>
          </button>
        ))}
      </div>
      {presentReasons.length > 0 && (
        <div className="status-chips" role="group" aria-label="Filter by failure reason">
          <span className="muted">Reason</span>
          {presentReasons.map((r) => (
            <button key={r} type="button" className="chip" aria-pressed={reasons.includes(r)} onClick={() => dispatch({ type: 'toggle-reason', reason: r })}>
              {FAILURE_REASON_LABELS[r]} <span className="chip-count">{reasonCounts.get(r) ?? 0}</span>
            </button>
          ))}
        </div>
      )}
      {(active.length > 0 || topK < 1) && (
        <ul className="active-filters" aria-label="Active filters">
          {topK < 1 && (
            <li>
              <button type="button" className="chip" onClick={() => dispatch({ type: 'set-top-k', topK: 1 })} aria-label={`Remove the top ${topK * 100}% filter`}>
                top {topK * 100}% <span aria-hidden="true">×</span>
              </button>
            </li>
          )}
          {active.map(({ axis, f }) => (
            <li key={axis.key}>
              <button type="button" className="chip" onClick={() => set(axis.key, null)} aria-label={`Remove the ${axis.name} filter`}>
                {axis.name}: {describeFilter(axis, f)} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {editable.length > 0 && (
        <details className="range-filters">
          <summary>Parameter ranges</summary>
          <div className="range-grid">
            {editable.map((axis) => (
              <AxisEditor key={axis.key} axis={axis} filter={filters[axis.key]} onChange={(f) => set(axis.key, f)} />
            ))}
          </div>
        </details>
      )}
    </div>
  )
})

function AxisEditor({ axis, filter, onChange }: { axis: AxisInfo; filter: AxisFilter | undefined; onChange: (f: AxisFilter | null) => void }) {
  if (axis.scale.kind !== 'categorical') {
    const range = filter?.kind === 'range' ? filter : undefined
    // Remounts when the filter changes elsewhere (a brush), so the inputs show it.
    return <RangeEditor key={JSON.stringify(range ?? null)} axis={axis} filter={range} onChange={onChange} />
  }
  const categories = axis.scale.categories
  const chosen = filter?.kind === 'categories' ? filter.values : categories
  const toggle = (c: string) => {
    const next = chosen.includes(c) ? chosen.filter((v) => v !== c) : categories.filter((v) => v === c || chosen.includes(v))
    onChange(next.length === categories.length ? null : { kind: 'categories', values: next })
  }
  return (
    <fieldset className="category-editor">
      <legend>{axis.label}</legend>
      {categories.map((c) => {
        const on = chosen.includes(c)
        // The last ticked category stays: none would hide every trial, which "Clear" says better.
        return (
          <label key={c}>
            <input type="checkbox" checked={on} disabled={on && chosen.length === 1} onChange={() => toggle(c)} /> {c}
          </label>
        )
      })}
    </fieldset>
  )
}
