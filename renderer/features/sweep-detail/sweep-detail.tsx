import { useMemo } from 'react'
import type { Layout } from 'plotly.js'
import { useSweep, useTrials } from '../../data/queries.ts'
import { buildParcoordsData, paramNames } from '../../plots/parcoords-data.ts'
import { Plot } from '../../plots/plot.tsx'
import { Badge } from '../../ui/badge.tsx'
import { EmptyState } from '../../ui/empty-state.tsx'
import { ProgressBar } from '../../ui/progress-bar.tsx'
import { sweepStatusTone } from '../sweep-list/sweep-status.ts'

// A stable uirevision keeps brushed ranges when live updates redraw the plot.
const PARCOORDS_LAYOUT: Partial<Layout> = { uirevision: 'parcoords', height: 420, margin: { l: 64, r: 64, t: 56, b: 24 } }

/** First cut of the detail screen: header and parallel coordinates; the linked views come next. */
export function SweepDetail({ sweepId }: { sweepId: number }) {
  const sweep = useSweep(sweepId)
  const trials = useTrials(sweepId)
  const figure = useMemo(() => {
    if (!sweep.data || !trials.data) return null
    return buildParcoordsData(trials.data, paramNames(trials.data), {
      name: sweep.data.metricName ?? 'metric',
      goal: sweep.data.metricGoal,
    })
  }, [sweep.data, trials.data])
  const data = useMemo(() => (figure ? [figure.data] : []), [figure])

  if (sweep.isPending) return <p className="muted" aria-busy="true">Loading sweep…</p>
  if (sweep.isError) return <div className="error-box" role="alert">Could not load sweep {sweepId}: {sweep.error.message}</div>
  const s = sweep.data
  return (
    <article>
      <p><a href="#/">← All sweeps</a></p>
      <h2>
        {s.name} <Badge tone={sweepStatusTone(s.status)}>{s.status}</Badge>
      </h2>
      <p className="muted">{s.method} · {s.metricName ?? 'no metric'} ({s.metricGoal})</p>
      <ProgressBar done={s.done} total={s.total} />
      {trials.isError && <div className="error-box" role="alert">Could not load trials: {trials.error.message}</div>}
      {figure && figure.trialIds.length > 0 ? (
        <Plot data={data} layout={PARCOORDS_LAYOUT} style={{ width: '100%', height: 420 }} />
      ) : (
        trials.data && <EmptyState title="No finished trials yet">Lines appear here as trials report the metric.</EmptyState>
      )}
    </article>
  )
}
