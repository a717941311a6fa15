import { useEffect, useMemo } from 'react'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { isSweeplabError } from '../../../shared/errors.ts'
import { useSweep, useTrials } from '../../data/queries.ts'
import { useTrial } from '../../data/trial-queries.ts'
import { navigate } from '../../route.ts'
import { ConfigExport } from '../export/export-panel.tsx'
import { ArtifactsPanel } from './artifacts-panel.tsx'
import { LogView } from './log-view.tsx'
import { ParamsTable } from './params-table.tsx'
import { TrialCurves } from './trial-curves.tsx'
import { TrialHeader, type Neighbours } from './trial-header.tsx'
import { RerunTrialForm } from '../steer/rerun-trial-form.tsx'
import '../steer/steer.css'
import './trial-detail.css'

/** One trial: what it ran with, how it went (curves, logs), what it produced, and its config to export. */
export function TrialDetail({ trialId }: { trialId: number }) {
  const trial = useTrial(trialId)
  const sweepId = trial.data?.sweepId
  const sweep = useSweep(sweepId)
  const trials = useTrials(sweepId)
  const neighbours = useMemo(() => findNeighbours(trials.data, trialId), [trials.data, trialId])
  usePagerKeys(neighbours)

  if (trial.isPending) return <p className="muted" aria-busy="true">Loading trial…</p>
  if (trial.isError) {
    const missing = isSweeplabError(trial.error) && trial.error.code === 'trial/not-found'
    return (
      <div className="error-box" role="alert">
        <strong>{missing ? `There is no trial ${trialId}.` : `Could not load trial ${trialId}.`}</strong> {missing ? 'It may belong to a sweep that was deleted.' : trial.error.message}{' '}
        {missing ? <a href="#/">Back to the sweeps</a> : <button type="button" onClick={() => void trial.refetch()}>Retry</button>}
      </div>
    )
  }
  const t = trial.data
  const running = t.status === 'running'
  return (
    <article className="trial-detail">
      <TrialHeader trial={t} sweep={sweep.data} neighbours={neighbours} />
      {sweep.isError && <div className="error-box" role="alert">Could not load sweep {t.sweepId}: {sweep.error.message}</div>}
      <div className="trial-columns">
        <section className="trial-section" aria-labelledby="trial-params">
          <h3 id="trial-params">Params</h3>
          <ParamsTable params={t.params} />
        </section>
        <section className="trial-section">
          <ConfigExportSection sweepId={t.sweepId} trialId={t.id} />
        </section>
      </div>
      <details className="trial-section trial-rerun">
        <summary>Rerun with edits</summary>
        <RerunTrialForm key={t.id} trial={t} />
      </details>
      <section className="trial-section" aria-labelledby="trial-curves">
        <h3 id="trial-curves">Curves</h3>
        <TrialCurves trialId={t.id} sweepId={t.sweepId} primaryMetric={sweep.data?.metricName ?? null} running={running} />
      </section>
      <section className="trial-section" aria-labelledby="trial-logs">
        <h3 id="trial-logs">Logs</h3>
        <LogView trialId={t.id} running={running} />
      </section>
      <section className="trial-section" aria-labelledby="trial-artifacts">
        <h3 id="trial-artifacts">Artifacts</h3>
        <ArtifactsPanel trial={t} sweepName={sweep.data?.name} />
      </section>
    </article>
  )
}

function ConfigExportSection({ sweepId, trialId }: { sweepId: number; trialId: number }) {
  return (
    <div className="export-panel" role="group" aria-labelledby="trial-export">
      <h3 id="trial-export">Export config</h3>
      <ConfigExport sweepId={sweepId} trialId={trialId} />
    </div>
  )
}

/** The trials before and after this one in the sweep's order (index, then attempt). */
export function findNeighbours(trials: readonly TrialSummary[] | undefined, trialId: number): Neighbours {
  if (!trials) return { prev: null, next: null }
  const ordered = [...trials].sort((a, b) => a.index - b.index || a.attempt - b.attempt)
  const at = ordered.findIndex((t) => t.id === trialId)
  if (at < 0) return { prev: null, next: null }
  return { prev: ordered[at - 1] ?? null, next: ordered[at + 1] ?? null }
}

/** `[` and `]` step to the previous and next trial, unless the user is typing somewhere. */
function usePagerKeys({ prev, next }: Neighbours): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      const el = e.target as HTMLElement | null
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return
      const to = e.key === '[' ? prev : e.key === ']' ? next : null
      if (!to) return
      e.preventDefault()
      navigate({ name: 'trial', trialId: to.id })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [prev, next])
}
