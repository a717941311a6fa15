import { useState } from 'react'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { useRerunBest } from '../../data/steering.ts'
import { rerunStateText } from './rerun-state.ts'

/** "Rerun best k × n seeds": the best k distinct configs, each with n new seeds, as new trials of the sweep. */
export function RerunBestForm({ sweep }: { sweep: SweepDetail }) {
  const [top, setTop] = useState('3')
  const [seeds, setSeeds] = useState('3')
  const rerun = useRerunBest()
  const k = Number(top)
  const n = Number(seeds)
  const valid = Number.isInteger(k) && k >= 1 && k <= 1000 && Number.isInteger(n) && n >= 1 && n <= 1000
  return (
    <form
      className="rerun-best-form"
      aria-label="Rerun the best configs"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) rerun.mutate({ sweepId: sweep.id, top: k, seeds: n })
      }}
    >
      <span>Rerun best</span>
      <input aria-label="Best configs" type="number" min={1} max={1000} value={top} onChange={(e) => setTop(e.target.value)} />
      <span>×</span>
      <input aria-label="Seeds each" type="number" min={1} max={1000} value={seeds} onChange={(e) => setSeeds(e.target.value)} />
      <span>seeds</span>
      <button type="submit" disabled={!valid || rerun.isPending || sweep.bestTrialId === null} title={sweep.bestTrialId === null ? 'No trial has completed with a value yet' : undefined}>
        {rerun.isPending ? 'Queuing…' : 'Rerun'}
      </button>
      {rerun.isError && <span className="error-text" role="alert">Could not rerun: {rerun.error.message}</span>}
      {rerun.isSuccess && <span className="muted" role="status">{rerunStateText(rerun.data)}</span>}
    </form>
  )
}
