import { useId, useMemo, useState, type ReactNode } from 'react'
import type { Data } from 'plotly.js'
import type { MetricSeries } from '../../../shared/api/types.ts'
import { useMetricNames } from '../../data/queries.ts'
import { useTrialSeries } from '../../data/trial-queries.ts'
import { buildCurveTraces, type CurveOptions } from '../../plots/curves-data.ts'
import { Plot } from '../../plots/plot.tsx'
import { formatMetric } from '../../ui/format.ts'
import { groupMetricNames, splitSeries } from './curve-groups.ts'
import { SingleValues } from './single-values.tsx'

const PLOT_STYLE = { width: '100%', height: 220 }
const GRID_COLOR = 'rgba(128, 128, 128, 0.22)'

/** Every metric the trial reported, one small plot each, with smoothing, log-y and x axis shared. */
export function TrialCurves({ trialId, sweepId, primaryMetric, running }: { trialId: number; sweepId: number; primaryMetric: string | null; running: boolean }) {
  const names = useMetricNames(sweepId)
  const [smoothing, setSmoothing] = useState(0)
  const [logY, setLogY] = useState(false)
  const [x, setX] = useState<CurveOptions['x']>('step')
  const opts = useMemo<CurveOptions>(() => ({ x, logY, smoothing }), [x, logY, smoothing])
  const groups = useMemo(() => groupMetricNames(names.data ?? [], primaryMetric), [names.data, primaryMetric])
  const smoothingId = useId()

  if (names.isPending) return <p className="muted" aria-busy="true">Loading metrics…</p>
  if (names.isError) {
    return (
      <div className="error-box" role="alert">
        Could not load the metric names: {names.error.message} <button type="button" onClick={() => void names.refetch()}>Retry</button>
      </div>
    )
  }
  if (groups.length === 0) {
    return (
      <p className="muted">
        {running ? 'No metrics reported yet; curves appear here as the trial reports them.' : 'No trial of this sweep reported metrics. A command trial reports them as JSON lines on stdout (see docs/command-trials.md).'}
      </p>
    )
  }
  return (
    <div className="trial-curves">
      <div className="curve-controls">
        <label htmlFor={smoothingId}>Smoothing</label>
        <input id={smoothingId} type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} />
        <output htmlFor={smoothingId} className="curve-smoothing-value">{smoothing.toFixed(2)}</output>
        <label><input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> Log y</label>
        <label>
          X axis{' '}
          <select value={x} onChange={(e) => setX(e.target.value as CurveOptions['x'])}>
            <option value="step">Step</option>
            <option value="time">Time</option>
          </select>
        </label>
      </div>
      {groups.map((g, i) =>
        g.prefix === null ? (
          <CurveGrid key="own" trialId={trialId} names={g.names} opts={opts} />
        ) : (
          // The first group opens by itself: with cross-validation the folds hold the only curves.
          <CurveGroup key={g.prefix} prefix={g.prefix} count={g.names.length} defaultOpen={i === (groups[0]?.prefix === null ? 1 : 0)}>
            <CurveGrid trialId={trialId} names={g.names} opts={opts} prefix={g.prefix} />
          </CurveGroup>
        ),
      )}
    </div>
  )
}

/** A collapsible group of metrics (`fold2/…`); its plots mount only while it is open. */
function CurveGroup({ prefix, count, defaultOpen, children }: { prefix: string; count: number; defaultOpen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen)
  return (
    <details className="curve-group" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{prefix} <span className="muted">({count} metrics)</span></summary>
      {open && children}
    </details>
  )
}

/** Mounted only when shown: a closed fold group fetches nothing. */
function CurveGrid({ trialId, names, opts, prefix }: { trialId: number; names: string[]; opts: CurveOptions; prefix?: string }) {
  const results = useTrialSeries(trialId, names)
  const loaded: MetricSeries[] = []
  const errors: string[] = []
  let pending = 0
  results.forEach((r, i) => {
    if (r.isError) errors.push(`${names[i]}: ${r.error.message}`)
    else if (r.isPending) pending++
    else if (r.data?.[0]) loaded.push(r.data[0])
  })
  const { curves, singles } = splitSeries(loaded)
  const short = (name: string) => (prefix ? name.slice(prefix.length + 1) : name)
  return (
    <>
      {errors.length > 0 && <div className="error-box" role="alert">Could not load {errors.join('; ')}</div>}
      {pending > 0 && curves.length === 0 && <p className="muted" aria-busy="true">Loading curves…</p>}
      {pending === 0 && curves.length === 0 && singles.length === 0 && errors.length === 0 && <p className="muted">This trial reported none of these metrics.</p>}
      {curves.length > 0 && (
        <div className="curve-grid">
          {curves.map((c) => <CurveCard key={c.name} series={c} opts={opts} title={short(c.name)} />)}
        </div>
      )}
      {singles.length > 0 && <SingleValues values={singles} short={short} />}
    </>
  )
}

function CurveCard({ series, opts, title }: { series: MetricSeries; opts: CurveOptions; title: string }) {
  const figure = useMemo(() => {
    const f = buildCurveTraces([series], opts)
    // The card names the metric; a small plot keeps its room for the curve.
    return {
      data: f.data as Data[],
      layout: {
        ...f.layout,
        showlegend: false,
        margin: { l: 52, r: 12, t: 8, b: 40 },
        // Plotly's default grid (#eee) glares on the dark theme; grey at low alpha reads on both.
        xaxis: { ...f.layout.xaxis, gridcolor: GRID_COLOR },
        yaxis: { ...f.layout.yaxis, gridcolor: GRID_COLOR },
      },
    }
  }, [series, opts])
  const last = lastFinite(series.values)
  return (
    <figure className="curve-card" data-plot="trial-curve" data-metric={series.name}>
      <figcaption>
        <span className="curve-name">{title}</span>
        {last !== null && <span className="muted curve-last">last {formatMetric(last)}</span>}
        {series.totalPoints > series.steps.length && (
          <span className="muted curve-last" title="Downsampled for display (LTTB); the store keeps every point">
            {series.steps.length.toLocaleString()} of {series.totalPoints.toLocaleString()} points
          </span>
        )}
      </figcaption>
      <Plot data={figure.data} layout={figure.layout} style={PLOT_STYLE} />
    </figure>
  )
}

function lastFinite(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]
    if (v !== null && v !== undefined && Number.isFinite(v)) return v
  }
  return null
}
