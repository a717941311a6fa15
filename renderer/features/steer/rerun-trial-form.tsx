import { useMemo, useState } from 'react'
import { parse } from 'yaml'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { flattenForDisplay } from '../../../shared/flatten-params.ts'
import { useRerunTrial } from '../../data/steering.ts'
import { routeHref } from '../../route.ts'
import { rerunStateText } from './rerun-state.ts'

/** A field's text as a param value, read like YAML: `3` is a number, `true` a boolean, `adam` a string. */
export function readParamField(text: string): unknown {
  try {
    return parse(text) as unknown
  } catch {
    return text
  }
}

function fieldText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * "Rerun with edits": the trial's params as fields; changed ones (and the seed) go to `rerunTrial`,
 * which runs a new trial of the same sweep marked as a rerun of this one.
 */
export function RerunTrialForm({ trial, onDone }: { trial: TrialSummary; onDone?: () => void }) {
  const flat = useMemo(() => flattenForDisplay(trial.params), [trial.params])
  const [fields, setFields] = useState<Record<string, string>>(() => Object.fromEntries(flat.map(([k, v]) => [k, fieldText(v)])))
  const [seed, setSeed] = useState(String(trial.seed))
  const rerun = useRerunTrial(trial.sweepId)
  const edits = Object.fromEntries(flat.filter(([k, v]) => fields[k] !== fieldText(v)).map(([k]) => [k, readParamField(fields[k] ?? '')]))
  const seedOk = /^\d+$/.test(seed) && Number(seed) <= 2 ** 31 - 1
  return (
    <form
      className="rerun-trial-form"
      aria-label="Rerun with edits"
      onSubmit={(e) => {
        e.preventDefault()
        if (!seedOk) return
        rerun.mutate({ trialId: trial.id, ...(Object.keys(edits).length ? { params: edits } : {}), ...(Number(seed) !== trial.seed ? { seed: Number(seed) } : {}) }, { onSuccess: () => onDone?.() })
      }}
    >
      <div className="rerun-fields">
        {flat.map(([name]) => (
          <label key={name}>
            <span>{name}</span>
            <input type="text" name={name} value={fields[name] ?? ''} onChange={(e) => setFields((f) => ({ ...f, [name]: e.target.value }))} />
          </label>
        ))}
        <label>
          <span>seed</span>
          <input type="text" inputMode="numeric" name="seed" value={seed} aria-invalid={!seedOk || undefined} onChange={(e) => setSeed(e.target.value)} />
        </label>
      </div>
      <p className="muted">{Object.keys(edits).length === 0 ? 'Same params as this trial.' : `Changed: ${Object.keys(edits).join(', ')}.`}</p>
      <button type="submit" disabled={!seedOk || rerun.isPending}>{rerun.isPending ? 'Queuing…' : 'Rerun'}</button>
      {rerun.isError && <div className="error-box" role="alert">Could not rerun: {rerun.error.message}</div>}
      {rerun.isSuccess && (
        <p role="status">
          {rerunStateText(rerun.data)} {rerun.data.trialIds.map((id) => <a key={id} href={routeHref({ name: 'trial', trialId: id })}>trial {id}</a>)}
        </p>
      )}
    </form>
  )
}
