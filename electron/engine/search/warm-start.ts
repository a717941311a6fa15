import { SweeplabError } from '../../../shared/errors.ts'
import type { MetricGoal, TrialStatus } from '../../../shared/status.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { collectLeaves } from './parameter-leaves.ts'
import type { TrialRecord } from './tpe-history.ts'
import { leafSpace, type LeafSpace } from './tpe-space.ts'

/** An earlier sweep offered as warm-start material: its metric and its trial rows. */
export interface WarmStartSource {
  sweepId: number
  name: string
  metricName: string | null
  metricGoal: MetricGoal
  trials: ReadonlyArray<TrialRecord>
}

/** How many of one source sweep's trials were used, and why the others were not. */
export interface WarmStartSourceReport {
  sweepId: number
  name: string
  used: number
  /** Reason → number of trials, e.g. `lr = 0.5 is outside this sweep's space` → 3. */
  dropped: Record<string, number>
}

export interface WarmStart {
  /** Trials as the TPE reads them, with negative indices so they never meet this sweep's own (0, 1, …). */
  records: TrialRecord[]
  used: number
  droppedCount: number
  sources: WarmStartSourceReport[]
}

/** Statuses whose trials enter the model with their value (tpe-history.ts ranks them). */
const SCORED: ReadonlySet<TrialStatus> = new Set(['completed', 'pruned', 'timeout'])

/**
 * Picks, from earlier sweeps, the trials a new bayes sweep may learn from: each source must
 * optimize the same metric in the same direction (else `spec/warm-start`), and a trial is used
 * only when it finished with a value and its parameters are exactly this sweep's leaves, each
 * value inside this sweep's space (numbers within the bounds, integers for int_uniform,
 * categorical and constant values among the listed ones). Only the latest attempt of an index counts.
 * Sources are taken in the order given; the result is deterministic in its inputs, so a resumed
 * sweep rebuilds the same history.
 */
export function selectWarmStart(
  target: { parameters: Readonly<Record<string, SweepParameter>>; metric: { name: string; goal: MetricGoal } },
  sources: ReadonlyArray<WarmStartSource>,
): WarmStart {
  const leaves = collectLeaves(target.parameters).map((l) => ({ name: l.path.join('.'), path: l.path, space: leafSpace(l.param), integer: l.param.distribution === 'int_uniform' }))
  const leafNames = new Set(leaves.map((l) => l.name))
  const records: TrialRecord[] = []
  const reports: WarmStartSourceReport[] = []
  let droppedCount = 0
  for (const source of sources) {
    if (source.metricName !== target.metric.name || source.metricGoal !== target.metric.goal) {
      const theirs = source.metricName === null ? 'no metric' : `metric ${source.metricName} (${source.metricGoal})`
      throw new SweeplabError(
        'spec/warm-start',
        `bayes.warm_start: sweep ${source.sweepId} "${source.name}" has ${theirs}, this sweep optimizes ${target.metric.name} (${target.metric.goal}); warm start needs the same metric name and goal`,
        { details: { sweepId: source.sweepId } },
      )
    }
    const report: WarmStartSourceReport = { sweepId: source.sweepId, name: source.name, used: 0, dropped: {} }
    const drop = (reason: string): void => {
      report.dropped[reason] = (report.dropped[reason] ?? 0) + 1
      droppedCount++
    }
    for (const t of latestAttempts(source.trials)) {
      if (!SCORED.has(t.status) || t.finalValue === null || !Number.isFinite(t.finalValue)) {
        drop(`not finished with a ${target.metric.name} value (${t.status})`)
        continue
      }
      const why = misfit(t.params, leaves, leafNames)
      if (why) {
        drop(why)
        continue
      }
      report.used++
      records.push({ index: 0, attempt: 1, status: t.status, params: t.params, finalValue: t.finalValue })
    }
    reports.push(report)
  }
  // The first trial of the first source gets the most negative index: the TPE weighs later ones (and its own) as newer.
  for (let i = 0; i < records.length; i++) records[i] = { ...records[i]!, index: -(records.length - i) }
  return { records, used: records.length, droppedCount, sources: reports }
}

function latestAttempts(trials: ReadonlyArray<TrialRecord>): TrialRecord[] {
  const latest = new Map<number, TrialRecord>()
  for (const t of trials) {
    const seen = latest.get(t.index)
    if (!seen || t.attempt > seen.attempt) latest.set(t.index, t)
  }
  return [...latest.values()].sort((a, b) => a.index - b.index)
}

interface Leaf {
  name: string
  path: ReadonlyArray<string>
  space: LeafSpace
  integer: boolean
}

/** Why a trial's params do not fit the target space, or null when they do. */
function misfit(params: Readonly<Record<string, unknown>>, leaves: ReadonlyArray<Leaf>, leafNames: ReadonlySet<string>): string | null {
  for (const name of flatNames(params, leafNames)) {
    if (!leafNames.has(name)) return `has parameter ${name}, which this sweep does not`
  }
  for (const leaf of leaves) {
    const found = valueAt(params, leaf.path)
    if (!found.ok) return `lacks parameter ${leaf.name}`
    if (!fits(leaf.space, found.value) || (leaf.integer && !Number.isInteger(found.value))) {
      // Grouped by reason in the report, so the value itself stays out of the text.
      return leaf.space.kind === 'numeric' ? `${leaf.name} outside this sweep's range` : `${leaf.name} not among this sweep's values`
    }
  }
  return null
}

/** Slack for values that went through exp/log or quantizing on their way into a trial. */
const EPS = 1e-9

function fits(space: LeafSpace, value: unknown): boolean {
  switch (space.kind) {
    case 'constant':
      return sameValue(space.value, value)
    case 'categorical':
      return space.values.some((v) => sameValue(v, value))
    case 'numeric': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false
      const u = space.toInternal(value)
      if (!Number.isFinite(u)) return false
      if (u >= space.low - EPS && u <= space.high + EPS) return true
      // A quantized value may sit just past the bound its bin straddles.
      if (space.binOf) {
        const [a, b] = space.binOf(value)
        return b >= space.low && a <= space.high
      }
      return false
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}

function valueAt(params: Readonly<Record<string, unknown>>, path: ReadonlyArray<string>): { ok: true; value: unknown } | { ok: false } {
  let cur: unknown = params
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, key)) return { ok: false }
    cur = (cur as Record<string, unknown>)[key]
  }
  return { ok: true, value: cur }
}

/** Leaf names of stored params: nested dicts dotted as collectLeaves' paths join, except where a leaf's value is itself a dict. */
function flatNames(params: Readonly<Record<string, unknown>>, leafNames: ReadonlySet<string>, prefix = ''): string[] {
  const out: string[] = []
  for (const [k, v] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${k}` : k
    const isDict = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0
    if (isDict && !leafNames.has(name)) out.push(...flatNames(v as Record<string, unknown>, leafNames, name))
    else out.push(name)
  }
  return out
}
