import type { TrialSummary } from '../../../shared/api/types.ts'
import type { PointFigure } from '../../plots/point-plots.ts'

/** Pruned trials' marker in the point plots: their value is where they were stopped, not a finished run's. */
export const PRUNED_SYMBOL = 'x'

type Trace = PointFigure['data'][number]

/**
 * Draws pruned trials as × in a point figure (history, scatter) and says where each stopped in its
 * hover text. Points are matched by the trial id every trace carries as `customdata`; the
 * selection ring trace keeps its own symbol. Returns the figure itself when no trial was pruned.
 */
export function markPruned(figure: PointFigure, trials: readonly TrialSummary[]): PointFigure {
  const prunedAt = new Map<number, number | null>()
  for (const t of trials) if (t.status === 'pruned') prunedAt.set(t.id, t.prunedAtStep)
  if (prunedAt.size === 0) return figure
  const data = figure.data.map((trace) => markTrace(trace, prunedAt))
  return { ...figure, data }
}

function markTrace(trace: Trace, prunedAt: ReadonlyMap<number, number | null>): Trace {
  const ids = trace.customdata as readonly unknown[] | undefined
  const marker = trace.marker as { symbol?: unknown } | undefined
  if (!Array.isArray(ids) || !marker || marker.symbol !== undefined) return trace
  if (!ids.some((id) => prunedAt.has(id as number))) return trace
  const symbol = ids.map((id) => (prunedAt.has(id as number) ? PRUNED_SYMBOL : 'circle'))
  const out = { ...trace, marker: { ...marker, symbol } } as Trace
  const text = (trace as { text?: unknown }).text
  if (Array.isArray(text)) {
    ;(out as { text?: unknown }).text = text.map((s, i) => {
      if (!prunedAt.has(ids[i] as number)) return s as string
      const step = prunedAt.get(ids[i] as number)
      return `${s as string}<br>pruned${step === null || step === undefined ? '' : ` at step ${step}`}`
    })
  }
  return out
}

/** How many of `trials` were pruned (the panels explain the × when there are any). */
export function prunedCount(trials: readonly TrialSummary[]): number {
  let n = 0
  for (const t of trials) if (t.status === 'pruned') n++
  return n
}
