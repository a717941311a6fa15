import type { TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal, TrialStatus } from '../../../shared/status.ts'
import type { FailureReason } from '../../../shared/failure-reasons.ts'
import { assertNever } from '../../../shared/errors.ts'
import { filterFromConstraint, matchesFilter, type AxisFilter } from '../../plots/axis-filter.ts'
import type { ParcoordsRestyle } from '../../plots/parcoords-events.ts'
import { METRIC_AXIS, rawAxisValue, type AxisInfo, type SweepAxes } from '../../plots/sweep-axes.ts'

/** Fractions the top-k filter offers; 1 is "all trials". */
export const TOP_K_OPTIONS = [1, 0.5, 0.25, 0.1, 0.01] as const

/**
 * The sweep screen's selection, shared by every view. Brushed parcoords ranges and the table's range
 * filters are one thing (`filters`, real units, keyed by parameter name or METRIC_AXIS), so each
 * shows what the other set. Plain immutable values: an unchanged part keeps its identity.
 */
export interface SelectionState {
  filters: Readonly<Record<string, AxisFilter>>
  /** Statuses to show; empty shows all. */
  statuses: readonly TrialStatus[]
  /** Failure reasons to show; empty shows all. */
  reasons: readonly FailureReason[]
  /** Keep the best fraction of trials by the metric (respecting the goal); 1 keeps all. */
  topK: number
  /** Trials ticked in the table or clicked in a plot. */
  selected: readonly number[]
  hovered: number | null
  /** Parcoords parameter axes as the user dragged them. */
  axisOrder: readonly string[] | null
}

export const initialSelection: SelectionState = { filters: {}, statuses: [], reasons: [], topK: 1, selected: [], hovered: null, axisOrder: null }

export type SelectionAction =
  | { type: 'set-filter'; key: string; filter: AxisFilter | null }
  | { type: 'toggle-status'; status: TrialStatus }
  | { type: 'toggle-reason'; reason: FailureReason }
  | { type: 'set-top-k'; topK: number }
  | { type: 'toggle-selected'; trialId: number }
  | { type: 'add-selected'; trialId: number }
  | { type: 'set-selected'; trialIds: readonly number[] }
  | { type: 'hover'; trialId: number | null }
  | { type: 'set-axis-order'; order: readonly string[] }
  | { type: 'clear-filters' }

export function selectionReducer(state: SelectionState, action: SelectionAction): SelectionState {
  switch (action.type) {
    case 'set-filter': {
      const { [action.key]: _old, ...rest } = state.filters
      // No category left would hide every trial and cannot be drawn on the axis: it means "no filter".
      const empty = action.filter === null || (action.filter.kind === 'categories' && action.filter.values.length === 0)
      return { ...state, filters: empty ? rest : { ...rest, [action.key]: action.filter! } }
    }
    case 'toggle-status': {
      const has = state.statuses.includes(action.status)
      return { ...state, statuses: has ? state.statuses.filter((s) => s !== action.status) : [...state.statuses, action.status] }
    }
    case 'toggle-reason': {
      const has = state.reasons.includes(action.reason)
      return { ...state, reasons: has ? state.reasons.filter((r) => r !== action.reason) : [...state.reasons, action.reason] }
    }
    case 'set-top-k':
      return { ...state, topK: action.topK }
    case 'toggle-selected': {
      const has = state.selected.includes(action.trialId)
      return { ...state, selected: has ? state.selected.filter((id) => id !== action.trialId) : [...state.selected, action.trialId] }
    }
    case 'add-selected':
      return state.selected.includes(action.trialId) ? state : { ...state, selected: [...state.selected, action.trialId] }
    case 'set-selected':
      return { ...state, selected: [...new Set(action.trialIds)] }
    case 'hover':
      // Hover fires on every mouse move: an unchanged hover must not re-render the screen.
      return state.hovered === action.trialId ? state : { ...state, hovered: action.trialId }
    case 'set-axis-order':
      return { ...state, axisOrder: [...action.order] }
    case 'clear-filters':
      return { ...state, filters: {}, statuses: [], reasons: [], topK: 1 }
    default:
      return assertNever(action, 'selection action')
  }
}

/** The status, reason and top-k part of the selection; `reasons` absent means all. */
type BaseFilter = Pick<SelectionState, 'statuses' | 'topK'> & Partial<Pick<SelectionState, 'reasons'>>

export function hasActiveFilters(s: Pick<SelectionState, 'filters'> & BaseFilter): boolean {
  return Object.keys(s.filters).length > 0 || s.statuses.length > 0 || (s.reasons?.length ?? 0) > 0 || s.topK < 1
}

/**
 * The best `fraction` of the trials that have a metric value (at least one trial), by the goal;
 * ties keep sweep order. Null when the fraction keeps everything.
 */
export function topKIds(trials: readonly TrialSummary[], goal: MetricGoal, fraction: number): Set<number> | null {
  if (fraction >= 1) return null
  const scored = trials.filter((t) => t.finalValue !== null)
  scored.sort((a, b) => (goal === 'minimize' ? a.finalValue! - b.finalValue! : b.finalValue! - a.finalValue!) || a.index - b.index)
  const keep = Math.max(1, Math.ceil(scored.length * fraction))
  return new Set(scored.slice(0, keep).map((t) => t.id))
}

/** Status, failure reason and top-k: the trials parcoords draws, before its own brushes. */
export function baseTrials(trials: readonly TrialSummary[], s: BaseFilter, goal: MetricGoal): TrialSummary[] {
  const top = topKIds(trials, goal, s.topK)
  const reasons = s.reasons ?? []
  return trials.filter((t) => (s.statuses.length === 0 || s.statuses.includes(t.status))
    && (reasons.length === 0 || (t.failureReason !== null && reasons.includes(t.failureReason)))
    && (top === null || top.has(t.id)))
}

/** The filtered trial set every view shows: status, top-k, then every axis filter. */
export function filterTrials(
  trials: readonly TrialSummary[],
  s: Pick<SelectionState, 'filters'> & BaseFilter,
  axes: SweepAxes,
  goal: MetricGoal,
): TrialSummary[] {
  // A filter on an axis that no longer exists (a parameter that stopped varying) cannot be applied.
  const active = Object.entries(s.filters).flatMap(([key, f]) => {
    const axis = axes.byKey.get(key)
    return axis ? [[axis, f] as const] : []
  })
  return baseTrials(trials, s, goal).filter((t) => active.every(([axis, f]) => matchesFilter(axis, f, rawAxisValue(axis, t))))
}

/**
 * The action a parcoords restyle event asks for, given the axes in the order they were drawn:
 * a brush becomes that axis's filter, an axis drag the new parameter order.
 */
export function actionForRestyle(drawnAxes: readonly AxisInfo[], ev: ParcoordsRestyle): SelectionAction | null {
  if (ev.kind === 'constraint') {
    const axis = drawnAxes[ev.dimension]
    if (!axis) return null
    return { type: 'set-filter', key: axis.key, filter: filterFromConstraint(axis, ev.constraint) }
  }
  const byLabel = new Map(drawnAxes.map((a) => [a.label, a.key]))
  const order = ev.labels.map((l) => byLabel.get(l)).filter((k): k is string => k !== undefined && k !== METRIC_AXIS)
  return order.length > 0 ? { type: 'set-axis-order', order } : null
}
