import { useId, useMemo, useState } from 'react'
import type { Data } from 'plotly.js'
import type { CompareRef, CompareResult } from '../../../shared/api/compare-types.ts'
import { useCompare } from '../../data/compare-queries.ts'
import { buildCompareAxes, buildCompareHistory, buildCompareParcoords, sweepLabel, type HistoryX } from '../../plots/compare-data.ts'
import { seriesColor } from '../../plots/palette.ts'
import { Plot } from '../../plots/plot.tsx'
import { routeHref } from '../../route.ts'
import { EmptyState } from '../../ui/empty-state.tsx'
import { CompareParamsTable, CompareSweepsTable } from './compare-tables.tsx'
import './compare.css'

const PARCOORDS_STYLE = { width: '100%', height: 420 }
const HISTORY_STYLE = { width: '100%', height: 360 }

/**
 * Two or more sweeps side by side: overlaid parallel coordinates on their parameters (shared ones
 * on common axes, the others with an "(absent)" mark for the sweeps without them), the overlaid
 * optimization history, and tables of each sweep's best and of the parameters aligned.
 */
export function CompareView({ sweeps }: { sweeps: readonly CompareRef[] }) {
  const compare = useCompare(sweeps)
  if (sweeps.length < 2) {
    return (
      <EmptyState title="Pick two or more sweeps">
        <p>Tick the sweeps to compare in the <a href={routeHref({ name: 'sweeps' })}>sweep list</a>, then press <strong>Compare</strong>.</p>
      </EmptyState>
    )
  }
  if (compare.isPending) return <p className="muted" aria-busy="true">Loading the sweeps…</p>
  if (compare.isError) {
    return (
      <div className="error-box" role="alert">
        Could not compare these sweeps: {compare.error.message} <button type="button" onClick={() => void compare.refetch()}>Retry</button>
      </div>
    )
  }
  return <Comparison result={compare.data} onRefresh={() => void compare.refetch()} refreshing={compare.isFetching} />
}

function Comparison({ result, onRefresh, refreshing }: { result: CompareResult; onRefresh: () => void; refreshing: boolean }) {
  const [x, setX] = useState<HistoryX>('index')
  const axes = useMemo(() => buildCompareAxes(result), [result])
  const parcoords = useMemo(() => buildCompareParcoords(result, axes), [result, axes])
  const history = useMemo(() => buildCompareHistory(result, x), [result, x])
  const parcoordsData = useMemo(() => [parcoords.data as Data], [parcoords])
  const parcoordsLayout = useMemo(() => ({ margin: { l: 64, r: 64, t: 56, b: 24 } }), [])
  const xId = useId()
  // Shared parameters drawn: constants (one value in every sweep) have no axis.
  const shared = axes.filter((a) => a.shared && a.key !== ':metric').length
  const lines = parcoords.drawn.reduce((a, b) => a + b, 0)
  return (
    <article className="compare">
      <header className="compare-header">
        <p className="compare-back"><a href={routeHref({ name: 'sweeps' })}>← Sweeps</a></p>
        <div className="compare-title-row">
          <h2>Compare {result.sweeps.length} sweeps</h2>
          <span className="compare-spacer" />
          <button type="button" onClick={onRefresh} disabled={refreshing}>{refreshing ? 'Refreshing…' : 'Refresh'}</button>
        </div>
        <ul className="compare-legend" aria-label="Sweeps">
          {result.sweeps.map((s, i) => (
            <li key={`${s.workspace ?? ''}:${s.sweepId}`}><span className="compare-swatch" style={{ background: seriesColor(i) }} aria-hidden="true" />{sweepLabel(result, i)}</li>
          ))}
        </ul>
        {result.metric === null && (
          <div className="compare-warning" role="status">
            These sweeps optimize different metrics (or none): their values are shown side by side but are not comparable, and the plots have no metric axis.
          </div>
        )}
      </header>

      <section className="compare-panel" aria-labelledby="cmp-sweeps">
        <h3 id="cmp-sweeps">Best of each sweep</h3>
        <CompareSweepsTable result={result} />
      </section>

      <section className="compare-panel" aria-labelledby="cmp-parcoords">
        <h3 id="cmp-parcoords">Parallel coordinates</h3>
        <p className="muted compare-note">
          {shared} shared parameter{shared === 1 ? '' : 's'} on common axes; a parameter only some sweeps have shows <em>(absent)</em> for the others. One line per trial with a value, coloured by its sweep ({lines} lines).
        </p>
        {lines === 0
          ? <p className="compare-empty">No trial has reported a value yet.</p>
          : <Plot name="compare-parcoords" data={parcoordsData} layout={parcoordsLayout} style={PARCOORDS_STYLE} />}
      </section>

      <section className="compare-panel" aria-labelledby="cmp-history">
        <div className="compare-title-row">
          <h3 id="cmp-history">Optimization history</h3>
          <label htmlFor={xId} className="muted">x axis</label>
          <select id={xId} value={x} onChange={(e) => setX(e.target.value as HistoryX)}>
            <option value="index">trial order</option>
            <option value="time">time</option>
          </select>
        </div>
        <Plot name="compare-history" data={history.data as Data[]} layout={history.layout} style={HISTORY_STYLE} />
      </section>

      <section className="compare-panel" aria-labelledby="cmp-params">
        <h3 id="cmp-params">Parameters</h3>
        <CompareParamsTable result={result} />
      </section>
    </article>
  )
}
