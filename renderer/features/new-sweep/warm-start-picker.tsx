import { useMemo } from 'react'
import { useWarmStartCandidates } from '../../data/compare-queries.ts'
import { useDebouncedValue } from './use-debounced-value.ts'
import { readWarmStartRefs, setWarmStartRefs } from './warm-start-edit.ts'

/** How long the text must rest before the candidates are asked for again. */
const DEBOUNCE_MS = 400

/**
 * "Warm start from": the workspace's sweeps a bayes sweep can learn from, with how many of their
 * trials fit this file's space. Ticking one writes its id into `bayes.warm_start.sweeps`, so the
 * YAML stays the one source of truth and `sweeplab run` of the saved file does the same.
 */
export function WarmStartPicker({ text, fileName, onText }: { text: string; fileName: string | undefined; onText: (text: string) => void }) {
  const settled = useDebouncedValue(text, DEBOUNCE_MS)
  const candidates = useWarmStartCandidates(settled, fileName)
  const refs = useMemo(() => readWarmStartRefs(text), [text])
  const data = candidates.data
  if (!data || data.unavailable !== null) return null
  const compatible = data.candidates.filter((c) => c.compatible || refs.includes(c.sweepId))
  const others = data.candidates.length - compatible.length
  const toggle = (id: number, on: boolean) => {
    const next = on ? [...refs.filter((r) => r !== id), id] : refs.filter((r) => r !== id)
    const res = setWarmStartRefs(text, next)
    if (res.ok) onText(res.text)
  }
  return (
    <fieldset className="warm-start-picker">
      <legend>Warm start from</legend>
      {compatible.length === 0 ? (
        <p className="muted">No finished sweep of this workspace optimizes the same metric with trials that fit this search space{others > 0 ? ` (${others} other sweep${others === 1 ? '' : 's'} checked)` : ''}.</p>
      ) : (
        <ul>
          {compatible.map((c) => (
            <li key={c.sweepId}>
              <label>
                <input type="checkbox" checked={refs.includes(c.sweepId)} onChange={(e) => toggle(c.sweepId, e.target.checked)} />
                {' '}{c.sweepId} {c.name}{' '}
                <span className="muted">{c.compatible ? `${c.used} trial${c.used === 1 ? '' : 's'} fit${c.dropped > 0 ? `, ${c.dropped} left out` : ''}` : c.reason}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="muted warm-start-hint">Their finished trials seed the model, so it starts from what they learned; written to <code>bayes.warm_start</code>.</p>
    </fieldset>
  )
}
