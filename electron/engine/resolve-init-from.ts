import { SweeplabError } from '../../shared/errors.ts'
import { pickBestTrial } from './export/pick-best.ts'
import type { Store, SweepRow } from './store/store-types.ts'

/**
 * `init_from` of a fine-tune trial → the folder of the saved language model it starts from:
 * `<sweep>/<trial>` (ids, or the sweep's name), `<sweep>/best`, or `best` (the best trial of the
 * newest language-model sweep that saved weights). Resolved by the engine, which has the store;
 * workers get the folder.
 */
export function resolveInitFrom(store: Store, ref: string): string {
  const bad = (why: string) => new SweeplabError('spec/invalid', `parameters.init_from: "${ref}": ${why}`)
  const [sweepRef, trialRef, ...rest] = ref.split('/')
  if (rest.length > 0 || !sweepRef) throw bad('expected <sweep>/<trial>, <sweep>/best or best')
  let sweep: SweepRow | undefined
  let which = trialRef
  if (trialRef === undefined) {
    if (sweepRef !== 'best') throw bad('expected <sweep>/<trial>, <sweep>/best or best')
    sweep = [...store.sweeps.list()].reverse().find((s) => isLanguageModelSweep(s) && hasWeights(store, s.id))
    if (!sweep) throw bad('no language-model sweep in this workspace saved weights (run one with save: best)')
    which = 'best'
  } else {
    sweep = /^[1-9]\d*$/.test(sweepRef) ? store.sweeps.get(Number(sweepRef)) : store.sweeps.list().filter((s) => s.name === sweepRef).at(-1)
    if (!sweep) throw bad(`no sweep "${sweepRef}" in this workspace`)
  }
  const trials = store.trials.listBySweep(sweep.id)
  const trial = which === 'best' ? pickBestTrial(trials.filter((t) => hasTrialWeights(store, t.id)), sweep.metricGoal) : trials.find((t) => String(t.id) === which)
  if (!trial) throw bad(which === 'best' ? `sweep ${sweep.id} has no completed trial with saved weights` : `sweep ${sweep.id} has no trial ${which}`)
  const weights = store.artifacts.listByTrial(trial.id).find((a) => a.kind === 'weights')
  if (!weights) throw bad(`trial ${trial.id} saved no weights; run its sweep with save: best (or last)`)
  return weights.path
}

function isLanguageModelSweep(s: SweepRow): boolean {
  return (JSON.parse(s.specJson) as { trainer?: string }).trainer === 'language-model'
}
function hasTrialWeights(store: Store, trialId: number): boolean {
  return store.artifacts.listByTrial(trialId).some((a) => a.kind === 'weights')
}
function hasWeights(store: Store, sweepId: number): boolean {
  return store.trials.listBySweep(sweepId).some((t) => hasTrialWeights(store, t.id))
}

/** The literal init_from values a sweep file names (value / values), to check before any trial starts. */
export function initFromValues(parameters: Record<string, unknown>): string[] {
  const p = parameters.init_from as { value?: unknown; values?: unknown[] } | undefined
  if (!p) return []
  const all = p.values ?? (p.value !== undefined ? [p.value] : [])
  return all.filter((v): v is string => typeof v === 'string')
}
