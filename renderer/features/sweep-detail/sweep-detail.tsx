import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react'
import type { SweepDetail as SweepDetailData, TrialSummary } from '../../../shared/api/types.ts'
import { repeatsOfSpec } from '../../../shared/config-summaries.ts'
import { useSweep, useTrials } from '../../data/queries.ts'
import { scaleHintsFromSpec } from '../../plots/spec-scales.ts'
import { buildSweepAxes } from '../../plots/sweep-axes.ts'
import { paramNames } from '../../plots/trial-params.ts'
import { EmptyState } from '../../ui/empty-state.tsx'
import { ExportPanel } from '../export/export-panel.tsx'
import { RetrainComparisonPanel } from '../retrain/retrain-comparison.tsx'
import { pickCurveTrials } from './curve-trials.ts'
import { buildConfigView, curveConfigs } from './config-view.ts'
import { useCvSpread } from './use-cv-spread.ts'
import { ContourPanel } from './contour-panel.tsx'
import { CurvesPanel } from './curves-panel.tsx'
import { HistoryPanel } from './history-panel.tsx'
import { ImportancePanel } from './importance-panel.tsx'
import { ParcoordsPanel } from './parcoords-panel.tsx'
import { ScatterPanel } from './scatter-panel.tsx'
import { baseTrials, filterTrials, hasActiveFilters, initialSelection, selectionReducer } from './selection.ts'
import { SlicePanel } from './slice-panel.tsx'
import { SweepHeader } from './sweep-header.tsx'
import { TrialFilters } from './trial-filters.tsx'
import { TrialTable } from './trial-table.tsx'
import { useFrameCallback } from './use-frame-callback.ts'
import { useStableArray } from './use-stable-array.ts'
import { useThemeColors } from './use-theme-colors.ts'
import { useThrottledValue } from './use-throttled-value.ts'
import { VersionsPanel } from '../steer/versions-panel.tsx'
import './sweep-detail.css'

/** Live trial updates reach the plots at most this often (DESIGN.md: ≤ 1 redraw/s per plot). */
export const LIVE_INTERVAL_MS = 1000
const NO_TRIALS: readonly TrialSummary[] = []

/**
 * The sweep screen: header with live progress, then linked views of the trials: parallel
 * coordinates, loss curves, a parameter scatter, the optimization history and the trial table.
 * They share one selection (selection.ts): brushing filters every view, hover and selection show
 * in all of them.
 */
export function SweepDetail({ sweepId }: { sweepId: number }) {
  const sweep = useSweep(sweepId)
  const trials = useTrials(sweepId)

  if (sweep.isPending) return <p className="muted" aria-busy="true">Loading sweep…</p>
  if (sweep.isError) {
    return (
      <div className="error-box" role="alert">
        Could not load sweep {sweepId}: {sweep.error.message} <button type="button" onClick={() => void sweep.refetch()}>Retry</button>
      </div>
    )
  }
  return (
    <article className="sweep-detail">
      <SweepHeader sweep={sweep.data} />
      <RetrainComparisonPanel sweep={sweep.data} />
      {trials.isError ? (
        <div className="error-box" role="alert">
          Could not load the trials: {trials.error.message} <button type="button" onClick={() => void trials.refetch()}>Retry</button>
        </div>
      ) : trials.isPending ? (
        <p className="muted" aria-busy="true">Loading trials…</p>
      ) : (
        <SweepViews sweep={sweep.data} trials={trials.data} />
      )}
    </article>
  )
}

function SweepViews({ sweep, trials: liveTrials }: { sweep: SweepDetailData; trials: readonly TrialSummary[] }) {
  const trials = useThrottledValue(liveTrials, LIVE_INTERVAL_MS) ?? NO_TRIALS
  const [sel, dispatch] = useReducer(selectionReducer, initialSelection)
  const colors = useThemeColors()
  const goal = sweep.metricGoal
  const metricName = sweep.metricName ?? 'metric'

  const hints = useMemo(() => scaleHintsFromSpec(sweep.spec), [sweep.spec])
  const names = useStableArray(useMemo(() => paramNames(trials), [trials]))
  const axes = useMemo(() => buildSweepAxes(trials, names, hints, metricName), [trials, names, hints, metricName])
  // Filtering 10k trials and rebuilding the figures is the slow part: let typing and brushing stay ahead of it.
  const filterState = useMemo(() => ({ filters: sel.filters, statuses: sel.statuses, reasons: sel.reasons, topK: sel.topK }), [sel.filters, sel.statuses, sel.reasons, sel.topK])
  const deferred = useDeferredValue(filterState)
  // `repeats`: parallel coordinates and the scatter draw one line or point per config, at its mean.
  const repeats = useMemo(() => repeatsOfSpec(sweep.spec), [sweep.spec])
  const configView = useMemo(() => buildConfigView(trials, repeats), [trials, repeats])
  const perConfig = configView?.trials ?? trials
  // k-fold CV reports each trial's spread over folds as `<metric>_std`: the same error bars.
  const cvSpread = useCvSpread(configView ? null : sweep.spec, sweep.metricName, trials)
  const base = useMemo(() => baseTrials(perConfig, deferred, goal), [perConfig, deferred, goal])
  const filtered = useMemo(() => filterTrials(trials, deferred, axes, goal), [trials, deferred, axes, goal])
  const filteredSet = useMemo(() => (hasActiveFilters(deferred) ? new Set(filtered.map((t) => t.id)) : null), [deferred, filtered])
  const selectedSet = useMemo(() => new Set(sel.selected), [sel.selected])
  const trialsById = useMemo(() => new Map(trials.map((t) => [t.id, t])), [trials])
  const curves = useMemo(() => pickCurveTrials(filtered, sel.selected, trialsById, goal), [filtered, sel.selected, trialsById, goal])
  const curveIds = useStableArray(useMemo(() => (configView ? curveConfigs(curves.trialIds, configView) : curves.trialIds), [configView, curves.trialIds]))
  const curveGroups = useMemo(() => (configView ? new Map(configView.trials.map((t) => [t.id, configView.configOf.get(t.id)?.trialIds ?? [t.id]])) : undefined), [configView])
  const paramKeys = useStableArray(useMemo(() => axes.params.map((a) => a.key), [axes]))

  const onHover = useFrameCallback((trialId: number | null) => dispatch({ type: 'hover', trialId }))
  const [reveal, setReveal] = useState<{ trialId: number; seq: number } | null>(null)
  const secondaryReady = useAfterPrimaryDraw()
  const onPick = useCallback((trialId: number) => {
    dispatch({ type: 'toggle-selected', trialId })
    setReveal((r) => ({ trialId, seq: (r?.seq ?? 0) + 1 }))
  }, [])
  const clearFilters = () => dispatch({ type: 'clear-filters' })

  if (trials.length === 0) {
    return (
      <EmptyState title="No trials yet">
        {sweep.status === 'running'
          ? <p>The sweep is starting; trials appear here, live, as workers pick them up.</p>
          : <p>This sweep never started a trial. Use <strong>Resume sweep</strong> above to run it.</p>}
      </EmptyState>
    )
  }

  return (
    <div className="sweep-views">
      <section className="panel panel-wide" aria-labelledby="sd-parcoords">
        <h3 id="sd-parcoords">Parallel coordinates</h3>
        <ParcoordsPanel
          trials={base} axes={axes} goal={goal} metricName={metricName} filters={deferred.filters} order={sel.axisOrder} topK={sel.topK}
          hovered={sel.hovered} selected={sel.selected} trialsById={trialsById} colors={colors} dispatch={dispatch} onHover={onHover}
          onReady={secondaryReady.markReady}
        />
      </section>
      <section className="panel" aria-labelledby="sd-curves">
        <h3 id="sd-curves">Curves</h3>
        <AfterPrimary ready={secondaryReady.ready}>
          <CurvesPanel
            sweepId={sweep.id} primaryMetric={sweep.metricName} trialIds={curveIds} source={curves.source} sourceCount={curves.sourceCount}
            trialsById={trialsById} hovered={sel.hovered} dispatch={dispatch} onHover={onHover} groups={curveGroups}
          />
        </AfterPrimary>
      </section>
      <section className="panel" aria-labelledby="sd-scatter">
        <h3 id="sd-scatter">Parameter vs {metricName}</h3>
        <AfterPrimary ready={secondaryReady.ready}>
          <ScatterPanel
            trials={perConfig} filtered={filteredSet} selected={selectedSet} axes={axes} metricName={metricName}
            hovered={sel.hovered} colors={colors} onHover={onHover} onPick={onPick} spread={configView?.spread ?? cvSpread}
          />
        </AfterPrimary>
      </section>
      <section className="panel panel-wide" aria-labelledby="sd-history">
        <h3 id="sd-history">Optimization history</h3>
        <AfterPrimary ready={secondaryReady.ready}>
          <HistoryPanel
            trials={trials} filtered={filteredSet} selected={selectedSet} axes={axes} goal={goal} metricName={metricName}
            hovered={sel.hovered} colors={colors} onHover={onHover} onPick={onPick}
          />
        </AfterPrimary>
      </section>
      <section className="panel panel-wide" aria-labelledby="sd-contour">
        <h3 id="sd-contour">Contour of {metricName}</h3>
        <AfterPrimary ready={secondaryReady.ready}>
          <ContourPanel trials={trials} axes={axes} goal={goal} metricName={metricName} bestTrialId={sweep.bestTrialId} onPick={onPick} />
        </AfterPrimary>
      </section>
      <section className="panel panel-wide" aria-labelledby="sd-slices">
        <h3 id="sd-slices">Slices</h3>
        <AfterPrimary ready={secondaryReady.ready}>
          <SlicePanel trials={trials} axes={axes} metricName={metricName} bestTrialId={sweep.bestTrialId} colors={colors} onPick={onPick} />
        </AfterPrimary>
      </section>
      <section className="panel panel-wide" aria-labelledby="sd-importance">
        <h3 id="sd-importance">Parameter importance for {metricName}</h3>
        <AfterPrimary ready={secondaryReady.ready}>
          <ImportancePanel sweepId={sweep.id} finished={sweep.done} status={sweep.status} />
        </AfterPrimary>
      </section>
      <section className="panel panel-wide" aria-labelledby="sd-trials">
        <div className="panel-title-row">
          <h3 id="sd-trials">Trials</h3>
          <span data-testid="trial-count" className="trial-count">{filtered.length} of {trials.length} trials</span>
          <span className="sweep-title-spacer" />
          {sel.selected.length > 0 && (
            <button type="button" onClick={() => dispatch({ type: 'set-selected', trialIds: [] })}>Clear selection ({sel.selected.length})</button>
          )}
          {hasActiveFilters(sel) && <button type="button" onClick={clearFilters}>Clear filters</button>}
        </div>
        <TrialFilters trials={trials} axes={axes} filters={sel.filters} statuses={sel.statuses} reasons={sel.reasons} topK={sel.topK} dispatch={dispatch} />
        {filtered.length === 0 ? (
          <div className="panel-empty">
            <p>No trial matches the filters.</p>
            <button type="button" onClick={clearFilters}>Clear filters</button>
          </div>
        ) : (
          <TrialTable
            trials={filtered} params={paramKeys} metricName={metricName} selected={sel.selected} hovered={sel.hovered}
            dispatch={dispatch} onHover={onHover} reveal={reveal} configOf={configView?.configOf}
          />
        )}
      </section>
      {sweep.configVersion > 1 && (
        <section className="panel panel-wide" aria-labelledby="sd-versions">
          <h3 id="sd-versions">Config versions</h3>
          <VersionsPanel sweep={sweep} />
        </section>
      )}
      {/* The panel is its own labelled region; a second "Export" landmark around it would be read twice. */}
      <div className="panel panel-wide">
        <ExportPanel sweepId={sweep.id} selectedTrialIds={sel.selected.length > 0 ? sel.selected : undefined} />
      </div>
    </div>
  )
}

/** How long the other plots wait for the parallel coordinates before drawing anyway (a failed draw never reports). */
const PRIMARY_WAIT_MS = 4000

/**
 * The parallel coordinates draw first, alone: drawing four plots in the same task made the one the
 * user looks at first wait for the others (about +30% to open a 1k-trial sweep).
 */
function useAfterPrimaryDraw(): { ready: boolean; markReady: () => void } {
  const [ready, setReady] = useState(false)
  const markReady = useCallback(() => setReady(true), [])
  useEffect(() => {
    if (ready) return
    const t = setTimeout(markReady, PRIMARY_WAIT_MS)
    return () => clearTimeout(t)
  }, [ready, markReady])
  return { ready, markReady }
}

function AfterPrimary({ ready, children }: { ready: boolean; children: ReactNode }) {
  return ready ? children : <p className="muted" aria-busy="true">Drawing…</p>
}
