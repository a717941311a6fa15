import { parseDocument } from 'yaml'
import { SweeplabError } from '../../../shared/errors.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'

/** Keys an edit may change by name without rewriting the file (`sweeplab edit --run-cap`, the dialog's fields). */
export interface SpecKeyEdits {
  run_cap?: number | null | undefined
  max_duration?: number | string | null | undefined
  workers?: number | null | undefined
}

/**
 * Sets (or with null removes) top-level keys in sweep-file text through the YAML document, so
 * comments, layout and every other key survive. The result is validated by the caller like a file.
 */
export function applyKeyEdits(text: string, edits: SpecKeyEdits): string {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) throw new SweeplabError('spec/parse', `the sweep's config does not parse as YAML: ${doc.errors[0]!.message}`)
  for (const [key, value] of Object.entries(edits)) {
    if (value === undefined) continue
    if (value === null) doc.deleteIn([key])
    else doc.setIn([key], value)
  }
  return doc.toString({ flowCollectionPadding: false })
}

/**
 * What makes a sweep this sweep: changing it mid-run would mix incomparable trials (another metric
 * or goal, another search method, a pruner fitted on other rules). Start a new sweep for those.
 */
export function checkEditAllowed(before: SweepSpec, after: SweepSpec, storedSeed: number): void {
  const refuse = (key: string, why: string): never => {
    throw new SweeplabError('sweep/edit-refused', `${key}: ${why}; a running sweep can change its budget, concurrency, search space and trial settings, not this. Start a new sweep instead`)
  }
  if (after.method !== before.method) refuse('method', `cannot change from ${before.method} to ${after.method}`)
  if (JSON.stringify(after.metric ?? null) !== JSON.stringify(before.metric ?? null)) refuse('metric', 'the metric and its goal rank every trial of the sweep')
  if (after.seed !== undefined && after.seed !== storedSeed) refuse('seed', `the sweep runs with seed ${storedSeed}`)
  if (JSON.stringify(after.early_terminate ?? null) !== JSON.stringify(before.early_terminate ?? null)) refuse('early_terminate', 'the pruner judges every trial by the same rule')
  const repeats = before.repeats ?? 1
  if ((after.repeats ?? 1) !== repeats) refuse('repeats', `every config of the sweep runs ${repeats} time(s); its trials are numbered by it`)
  // A config's repeats must share one point; an edit while one is half run would give its later repeats another.
  if (repeats > 1 && JSON.stringify(spaceOf(after)) !== JSON.stringify(spaceOf(before))) refuse('parameters', `a sweep with repeats: ${repeats} keeps its search space (each config's repeats share one point)`)
  if ((after.executor?.type ?? 'local') !== (before.executor?.type ?? 'local')) refuse('executor', 'its trials run (and resume) where the sweep started them')
}

function spaceOf(spec: SweepSpec): unknown {
  return { parameters: spec.parameters, derived: spec.derived ?? null, constraints: spec.constraints ?? null }
}

/** One line per top-level key (and per parameter) that differs between two versions. */
export function describeChanges(before: SweepSpec, after: SweepSpec): string[] {
  const out: string[] = []
  const b = before as unknown as Record<string, unknown>
  const a = after as unknown as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  for (const key of keys) {
    if (key === 'parameters') continue
    const was = b[key]
    const now = a[key]
    if (JSON.stringify(was) === JSON.stringify(now)) continue
    out.push(`${key}: ${show(key, was)} → ${show(key, now)}`)
  }
  const names = [...new Set([...Object.keys(before.parameters), ...Object.keys(after.parameters)])]
  for (const name of names) {
    const was = before.parameters[name]
    const now = after.parameters[name]
    if (was === undefined) out.push(`parameters.${name}: added`)
    else if (now === undefined) out.push(`parameters.${name}: removed`)
    else if (JSON.stringify(was) !== JSON.stringify(now)) out.push(`parameters.${name}: ${describeParam(was)} → ${describeParam(now)}`)
  }
  return out
}

function show(key: string, v: unknown): string {
  if (v === undefined) return 'unset'
  if ((key === 'max_duration' || key === 'timeout') && typeof v === 'number') return `${v}s`
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function describeParam(p: SweepSpec['parameters'][string]): string {
  if (p.parameters !== undefined) return 'nested'
  if (p.distribution === 'categorical') return `values ${JSON.stringify(p.values)}`
  if (p.distribution === 'constant') return `value ${JSON.stringify(p.value)}`
  if (p.min !== undefined && p.max !== undefined) return `${p.distribution} [${p.min}, ${p.max}]`
  return p.distribution
}

/**
 * A rerun's params: the trial's own, with `edits` by dotted name (`model.layers`). A name the trial
 * does not have is refused (a typo would otherwise run the same config again).
 */
export function editParams(params: Record<string, unknown>, edits: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(params)
  for (const [name, value] of Object.entries(edits)) {
    const path = name.split('.')
    let node: Record<string, unknown> = out
    for (let i = 0; i < path.length - 1; i++) {
      const next = Object.hasOwn(node, path[i]!) ? node[path[i]!] : undefined
      if (typeof next !== 'object' || next === null || Array.isArray(next)) throw unknownParam(name, params)
      node = next as Record<string, unknown>
    }
    const leaf = path[path.length - 1]!
    if (!Object.hasOwn(node, leaf)) throw unknownParam(name, params)
    node[leaf] = value
  }
  return out
}

function unknownParam(name: string, params: Record<string, unknown>): SweeplabError {
  return new SweeplabError('rerun/unknown-param', `the trial has no parameter "${name}"; its parameters: ${leafNames(params).join(', ') || 'none'}`)
}

function leafNames(params: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(params).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? leafNames(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`])
}
