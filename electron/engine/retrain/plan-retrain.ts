import { isMap, parseDocument } from 'yaml'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { formatDatasetRef, parseDatasetRef } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { RetrainConfig, RetrainInfo, SweepProvenance } from '../../../shared/sweep-provenance.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { SweepRow } from '../store/store-types.ts'
import { describeSweepDataset } from '../provenance/sweep-dataset.ts'

export const MAX_RETRAIN_TOP = 100
export const MAX_RETRAIN_SEEDS = 20

export interface RetrainPlan {
  /** The new sweep's file: the parent's text with its dataset, name and early termination changed. */
  text: string
  /** Everything but `newDataset`, which the engine fills once the dataset version is resolved. */
  info: Omit<RetrainInfo, 'newDataset'>
}

/**
 * Plans `sweeplab retrain`: the best `top` distinct configs of a finished (or running) trainer sweep
 * by its metric, each to run `seeds` times on another dataset version. Command sweeps are refused:
 * their data is whatever the program reads, which Sweeplab cannot swap (pass the data path as a
 * parameter and start a new sweep instead; docs/retrain.md).
 */
export function planRetrain(
  parent: SweepRow,
  trials: ReadonlyArray<TrialSummary>,
  provenance: SweepProvenance | undefined,
  args: { dataset: string; top: number; seeds: number },
): RetrainPlan {
  const spec = JSON.parse(parent.specJson) as SweepSpec
  if (spec.program !== undefined || spec.command !== undefined) {
    throw new SweeplabError('retrain/unsupported', `sweep ${parent.id} runs a command (program/command); retrain swaps the dataset: of a built-in trainer sweep, but a command reads its own data. Pass the data path as a parameter and start a new sweep instead`)
  }
  if (spec.dataset === undefined) {
    throw new SweeplabError('retrain/unsupported', `sweep ${parent.id} has no dataset: key, so there is no data to replace; retrain needs a built-in trainer sweep with a dataset`)
  }
  if (parent.metricName === null) {
    throw new SweeplabError('retrain/unsupported', `sweep ${parent.id} has no metric to rank its configs by; add "metric: {name, goal}" to the sweep file`)
  }
  const ref = parseDatasetRef(args.dataset)
  if (ref === undefined) throw new SweeplabError('usage', `--dataset ${JSON.stringify(args.dataset)}: expected NAME or NAME@VERSION (e.g. reviews@2)`)
  if (!Number.isInteger(args.top) || args.top < 1 || args.top > MAX_RETRAIN_TOP) throw new SweeplabError('usage', `--top ${args.top}: expected a whole number from 1 to ${MAX_RETRAIN_TOP}`)
  if (!Number.isInteger(args.seeds) || args.seeds < 1 || args.seeds > MAX_RETRAIN_SEEDS) throw new SweeplabError('usage', `--seeds ${args.seeds}: expected a whole number from 1 to ${MAX_RETRAIN_SEEDS}`)

  const best = bestDistinctTrials(trials, parent.metricGoal, args.top)
  if (best.length === 0) {
    throw new SweeplabError('sweep/no-finished-trials', `sweep ${parent.id} has no completed trial with a value for ${parent.metricName} yet; nothing to retrain`, { details: { sweepId: parent.id } })
  }
  const configs: RetrainConfig[] = best.map((t, i) => ({ rank: i + 1, parentTrialId: t.id, params: t.params, seed: t.seed, oldValue: t.finalValue }))
  const newRef = formatDatasetRef(ref.name, ref.version)
  return {
    text: retrainSpecText(parent, spec, ref, `${parent.name} retrained on ${newRef}`),
    info: {
      parentSweepId: parent.id,
      parentName: parent.name,
      oldDataset: describeSweepDataset(provenance?.dataset ?? null) ?? describeSpecDataset(spec.dataset),
      top: args.top,
      seeds: args.seeds,
      metric: { name: parent.metricName, goal: parent.metricGoal },
      configs,
    },
  }
}

/** Completed trials with a finite final value, best first (ties: lower id), one per distinct config. */
export function bestDistinctTrials(trials: ReadonlyArray<TrialSummary>, goal: MetricGoal, k: number): TrialSummary[] {
  const ranked = trials
    .filter((t) => t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue))
    .sort((a, b) => {
      const av = a.finalValue as number
      const bv = b.finalValue as number
      if (av !== bv) return goal === 'minimize' ? av - bv : bv - av
      return a.id - b.id
    })
  const seen = new Set<string>()
  const out: TrialSummary[] = []
  for (const t of ranked) {
    const key = canonicalJson(t.params)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(t)
    if (out.length === k) break
  }
  return out
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

function describeSpecDataset(d: SweepSpec['dataset']): string | null {
  if (d === undefined) return null
  if (typeof d === 'string') return d
  return d.name !== undefined ? formatDatasetRef(d.name, d.version) : (d.path ?? null)
}

/**
 * The parent's sweep file with the dataset replaced (comments and the rest kept, through yaml's
 * Document API), a new name, and no early termination: a retrain compares whole runs.
 */
function retrainSpecText(parent: SweepRow, spec: SweepSpec, ref: { name: string; version?: number }, name: string): string {
  const doc = parseDocument(parent.specText)
  const node = doc.get('dataset', true)
  if (isMap(node)) {
    for (const key of ['path', 'format', 'text_unit', 'version']) node.delete(key)
    node.set('name', ref.name)
    if (ref.version !== undefined) node.set('version', ref.version)
  } else {
    doc.set('dataset', formatDatasetRef(ref.name, ref.version))
  }
  doc.set('name', name)
  doc.delete('early_terminate')
  doc.commentBefore = ` Retrain of sweep ${parent.id} (${parent.name}): its best configs by ${spec.metric?.name ?? 'the metric'} on ${formatDatasetRef(ref.name, ref.version)}.${doc.commentBefore ? `\n${doc.commentBefore}` : ''}`
  return doc.toString()
}
