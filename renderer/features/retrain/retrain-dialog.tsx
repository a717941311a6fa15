import { useId, useState, type FormEvent } from 'react'
import { formatDatasetRef } from '../../../shared/dataset-spec.ts'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { useDatasetVersions } from '../../data/dataset-queries.ts'
import { useRetrainSweep, useSweepProvenance } from '../../data/retrain-queries.ts'
import { navigate } from '../../route.ts'
import { useCliCommand } from '../export/use-cli-command.ts'
import { retrainBlocker } from './retrain-eligibility.ts'

/**
 * "Retrain on new data": picks a dataset version (the sweep's own dataset's versions first), how many
 * of the best configs and how many seeds each, and starts the retrain sweep, then opens it. The same
 * as `sweeplab retrain SWEEP --dataset NAME@VERSION --top k --seeds n`.
 */
export function RetrainButton({ sweep }: { sweep: SweepDetail }) {
  const [open, setOpen] = useState(false)
  const blocker = retrainBlocker(sweep)
  return (
    <>
      <button type="button" onClick={() => setOpen((o) => !o)} disabled={blocker !== null} title={blocker ?? 'Rerun the best configs on another dataset version and compare'} aria-expanded={open}>
        Retrain on new data…
      </button>
      {open && blocker === null && <RetrainForm sweep={sweep} onClose={() => setOpen(false)} />}
    </>
  )
}

function RetrainForm({ sweep, onClose }: { sweep: SweepDetail; onClose: () => void }) {
  const versions = useDatasetVersions()
  const provenance = useSweepProvenance(sweep.id)
  const retrain = useRetrainSweep()
  const cli = useCliCommand()
  const id = useId()
  const current = provenance.data?.dataset ?? null
  const registered = (versions.data ?? []).filter((d) => !d.builtin && d.version !== null)
  // The sweep's own dataset first (newest version first), then the others.
  const ordered = [...registered.filter((d) => d.name === current?.name), ...registered.filter((d) => d.name !== current?.name)]
  const refs = ordered.map((d) => formatDatasetRef(d.name, d.version))
  const currentRef = current ? formatDatasetRef(current.name, current.version) : null
  const [picked, setPicked] = useState<string | null>(null)
  const dataset = picked ?? refs.find((r) => r !== currentRef) ?? refs[0] ?? ''
  const [top, setTop] = useState(3)
  const [seeds, setSeeds] = useState(1)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!dataset) return
    retrain.mutate({ sweepId: sweep.id, dataset, top, seeds }, { onSuccess: ({ sweepId }) => navigate({ name: 'sweep', sweepId }) })
  }

  return (
    <form className="retrain-form" aria-label="Retrain on new data" onSubmit={onSubmit}>
      <p className="muted">
        Reruns the best configs of this sweep by {sweep.metricName} on another dataset version, as a new sweep linked to this one, and shows old and new values side by side.
        {currentRef && <> This sweep trained on <code>{currentRef}</code>.</>}
      </p>
      {versions.isPending ? (
        <p className="muted" aria-busy="true">Loading datasets…</p>
      ) : refs.length === 0 ? (
        <p className="muted">No imported dataset yet. Import the new data on the Datasets screen (same name: it becomes the next version).</p>
      ) : (
        <div className="retrain-fields">
          <label htmlFor={`${id}-ds`}>Dataset</label>
          <select id={`${id}-ds`} value={dataset} onChange={(e) => setPicked(e.target.value)}>
            {ordered.map((d) => {
              const ref = formatDatasetRef(d.name, d.version)
              return <option key={ref} value={ref}>{ref} · {d.rows.toLocaleString('en-US')} rows{ref === currentRef ? ' (this sweep’s)' : ''}</option>
            })}
          </select>
          <label htmlFor={`${id}-top`}>Best configs</label>
          <input id={`${id}-top`} type="number" min={1} max={100} value={top} onChange={(e) => setTop(clampInt(e.target.value, 1, 100))} />
          <label htmlFor={`${id}-seeds`}>Seeds each</label>
          <input id={`${id}-seeds`} type="number" min={1} max={20} value={seeds} onChange={(e) => setSeeds(clampInt(e.target.value, 1, 20))} />
        </div>
      )}
      {retrain.isError && <div className="error-box" role="alert">Could not start the retrain: {retrain.error.message}</div>}
      <div className="retrain-actions">
        <button type="submit" className="primary" disabled={!dataset || retrain.isPending}>{retrain.isPending ? 'Starting…' : 'Start retrain'}</button>
        <button type="button" onClick={onClose}>Cancel</button>
        {dataset && <span className="muted">Same as <code>{cli(`retrain ${sweep.id} --dataset ${dataset} --top ${top} --seeds ${seeds}`)}</code></span>}
      </div>
    </form>
  )
}

function clampInt(text: string, lo: number, hi: number): number {
  const n = Math.round(Number(text))
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo
}
