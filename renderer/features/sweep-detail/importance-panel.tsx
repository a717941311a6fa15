import { useMemo, useState } from 'react'
import type { ImportanceResult, ParamImportance } from '../../../shared/api/types.ts'
import type { SweepStatus } from '../../../shared/status.ts'
import { useImportance } from '../../data/queries.ts'
import { ProgressBar } from '../../ui/progress-bar.tsx'
import './importance-panel.css'

export interface ImportancePanelProps {
  sweepId: number
  /** The sweep's done count: importance is fetched again (throttled) when it changes. */
  finished: number
  status: SweepStatus
}

type SortKey = 'importance' | 'correlation' | 'name'

/**
 * Parameter importance for the sweep's metric: one row per parameter with its share of the
 * variance (bar) and 90% bootstrap interval (whisker), its correlation with the metric (a bar
 * left or right of zero) and how often resamples agreed on its rank. Plain HTML, so it is a real
 * table for screen readers and sorts from the keyboard.
 */
export function ImportancePanel({ sweepId, finished, status }: ImportancePanelProps) {
  const query = useImportance(sweepId, finished)
  if (query.isPending) return <p className="muted" aria-busy="true">Computing importance…</p>
  if (query.isError) {
    return (
      <div className="error-box" role="alert">
        Could not compute parameter importance: {query.error.message}{' '}
        <button type="button" onClick={() => void query.refetch()}>Retry</button>
      </div>
    )
  }
  const result = query.data
  if (!result.ok) return <NotYet result={result} status={status} />
  return <ImportanceTable result={result} />
}

/** What gets a sweep in this state to more finished trials. */
const NEXT_STEP: Record<SweepStatus, string> = {
  running: 'The ranking appears here by itself as trials finish.',
  interrupted: 'Resume the sweep to finish more trials.',
  paused: 'Resume the sweep to finish more trials.',
  cancelled: 'Resume the sweep to finish more trials.',
  failed: 'Most trials did not finish: see the trial table for why, fix it, and run the sweep again.',
  completed: 'Run the sweep again with a larger run_cap (or more grid values) to rank them.',
}

function NotYet({ result, status }: { result: Extract<ImportanceResult, { ok: false }>; status: SweepStatus }) {
  if (result.reason === 'too-few-trials') {
    return (
      <div className="panel-empty importance-empty" data-testid="importance-needed">
        <p><strong>{result.needed} more finished trial{result.needed === 1 ? '' : 's'} needed</strong> to rank the parameters.</p>
        <ProgressBar done={result.have} total={result.minimum} label="finished trials with a metric value" />
        <p className="panel-hint">
          {NEXT_STEP[status]} It needs at least 10 trials, and 2 per parameter that varies.
        </p>
      </div>
    )
  }
  return <p className="panel-empty" data-testid="importance-unavailable">{capitalize(result.message)}.</p>
}

const SORTS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'importance', label: 'Importance' },
  { key: 'correlation', label: 'Correlation' },
  { key: 'name', label: 'Parameter' },
]

function sortParams(params: ReadonlyArray<ParamImportance>, key: SortKey): ParamImportance[] {
  const out = [...params]
  if (key === 'name') out.sort((a, b) => a.name.localeCompare(b.name))
  // Strongest first either way; categoricals (no correlation) last.
  else if (key === 'correlation') out.sort((a, b) => strength(b) - strength(a) || a.rank - b.rank)
  else out.sort((a, b) => a.rank - b.rank)
  return out
}

const strength = (p: ParamImportance): number => (p.correlation === null ? -1 : Math.abs(p.correlation))

function ImportanceTable({ result }: { result: Extract<ImportanceResult, { ok: true }> }) {
  const [sort, setSort] = useState<SortKey>('importance')
  const rows = useMemo(() => sortParams(result.params, sort), [result.params, sort])
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'name' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="importance-sort" onClick={() => setSort(key)}>
        {label}
        <span aria-hidden="true">{sort === key ? (key === 'name' ? ' ↑' : ' ↓') : ''}</span>
      </button>
    </th>
  )
  return (
    <div className="importance">
      <table className="importance-table">
        <caption className="visually-hidden">
          Parameter importance for {result.metric}; sort by {SORTS.map((s) => s.label.toLowerCase()).join(', ')} with the column buttons
        </caption>
        <thead>
          <tr>
            {header('name', 'Parameter')}
            {header('importance', 'Importance (90% interval)')}
            {header('correlation', `Correlation with ${result.metric}`)}
            <th scope="col" title="Share of bootstrap resamples that gave the parameter this same rank">Rank held</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.name} data-param={p.name}>
              <th scope="row" className="importance-name">
                <span>{p.name}</span>
                {p.scale !== 'linear' && <span className="importance-scale">{p.scale === 'log' ? 'log' : 'categorical'}</span>}
              </th>
              <td><ImportanceBar p={p} /></td>
              <td><CorrelationBar p={p} /></td>
              <td className={`importance-held${p.rankProbability < 0.5 ? ' importance-uncertain' : ''}`} title={`rank ${p.rank} in ${Math.round(p.rankProbability * 100)}% of resamples`}>
                {percent(p.rankProbability)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="panel-note muted">
        fANOVA on a {result.trees}-tree random forest over {result.trials} finished trials: the share of {result.metric}&apos;s
        variance each parameter explains on its own. Whiskers: 90% interval over {result.resamples} bootstrap resamples.
        Correlation: Pearson, on log10 of log-scale parameters; none for categoricals. Goal: {result.goal}.
      </p>
    </div>
  )
}

function ImportanceBar({ p }: { p: ParamImportance }) {
  const label = `${percent(p.importance)} (90% interval ${percent(p.low)} to ${percent(p.high)})`
  return (
    <div className="importance-cell" title={label}>
      <div className="importance-track" aria-hidden="true">
        <div className="importance-fill" style={{ width: pct(p.importance) }} />
        <div className="importance-whisker" style={{ left: pct(p.low), width: pct(p.high - p.low) }} />
      </div>
      <span className="importance-value">
        {percent(p.importance)} <span className="muted">{percent(p.low)}–{percent(p.high)}</span>
      </span>
    </div>
  )
}

function CorrelationBar({ p }: { p: ParamImportance }) {
  if (p.correlation === null) {
    return <span className="muted" title={p.scale === 'categorical' ? 'categorical: no linear correlation' : 'no spread to correlate'}>–</span>
  }
  const r = p.correlation
  const sign = r > 0 ? 'positive' : r < 0 ? 'negative' : 'zero'
  return (
    <div className="importance-cell" title={`Pearson r = ${r.toFixed(3)}`}>
      <div className="correlation-track" aria-hidden="true">
        <div className="correlation-axis" />
        <div className="correlation-fill" data-sign={sign} style={{ [r >= 0 ? 'left' : 'right']: '50%', width: pct(Math.abs(r) / 2) }} />
      </div>
      <span className="importance-value" data-sign={sign}>{r > 0 ? '+' : ''}{r.toFixed(2)}</span>
    </div>
  )
}

const pct = (share: number): string => `${(Math.max(0, Math.min(1, share)) * 100).toFixed(1)}%`

function percent(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
