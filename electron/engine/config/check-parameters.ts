import { DISTRIBUTION_ALIASES, PARAMETER_KEYS, PARAMETER_NAME_PATTERN } from '../../../shared/sweep-spec.ts'
import type { Distribution, LeafParameter, SweepParameter } from '../../../shared/sweep-spec.ts'
import { gridAxisSize } from '../search/grid.ts'
import { DISTRIBUTION_RULES, GRID_DISTRIBUTIONS, PROBABILITY_SUM_TOLERANCE } from './distribution-rules.ts'
import type { LeafKey } from './distribution-rules.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

export interface ParameterCheckContext {
  method: unknown
  /** True when zod already reported something at or below `path`: skip it to avoid cascades. */
  hasIssueUnder(path: DocPath): boolean
  isIntegerLiteral(path: DocPath): boolean
  problems: SpecProblem[]
}

type RawParameter = Readonly<Record<string, unknown>>

const KIND_HINT = 'a parameter has exactly one of value, values, a distribution (min/max, mu/sigma, a/b) or nested parameters'
const GROUPS: ReadonlyArray<ReadonlyArray<LeafKey>> = [['value'], ['values', 'probabilities'], ['min', 'max', 'mu', 'sigma', 'q', 'a', 'b']]

/**
 * Cross-field rules zod cannot express, and W&B's normalization: every leaf gets its inferred
 * distribution and W&B's defaults. Problems are pushed onto `ctx.problems`; the result is only
 * meaningful when none were.
 */
export function checkParameters(raw: Readonly<Record<string, unknown>>, path: DocPath, ctx: ParameterCheckContext): Record<string, SweepParameter> {
  const out: Record<string, SweepParameter> = {}
  for (const [name, value] of Object.entries(raw)) {
    const paramPath = [...path, name]
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue
    // zod reports a bad name and does not look at its value, so the rules below would see unchecked data.
    if (!PARAMETER_NAME_PATTERN.test(name)) continue
    const p = value as RawParameter
    if ('parameters' in p) {
      const nested = checkNested(p, paramPath, ctx)
      if (nested) out[name] = withWhen(nested, p)
      continue
    }
    if (ctx.hasIssueUnder(paramPath)) continue
    const leaf = 'group' in p ? checkGroup(p, paramPath, ctx) : checkLeaf(p, paramPath, ctx)
    if (leaf) out[name] = withWhen(leaf, p)
  }
  return out
}

function checkNested(p: RawParameter, path: DocPath, ctx: ParameterCheckContext): SweepParameter | undefined {
  for (const key of Object.keys(p)) {
    if (key !== 'parameters' && key !== 'when' && (PARAMETER_KEYS as ReadonlyArray<string>).includes(key)) {
      ctx.problems.push(problem('spec/invalid', [...path, key], 'key', `'${key}' cannot be combined with nested parameters; ${KIND_HINT}`))
    }
  }
  const children = p.parameters
  if (typeof children !== 'object' || children === null || Array.isArray(children)) return undefined
  if (Object.keys(children).length === 0) {
    ctx.problems.push(problem('spec/invalid', [...path, 'parameters'], 'value', 'expected at least one nested parameter, got an empty mapping'))
    return undefined
  }
  return { parameters: checkParameters(children as Record<string, unknown>, [...path, 'parameters'], ctx) }
}

function checkLeaf(p: RawParameter, path: DocPath, ctx: ParameterCheckContext): LeafParameter | undefined {
  const before = ctx.problems.length
  const written = p.distribution as string | undefined
  const distribution = written === undefined ? inferDistribution(p, path, ctx) : normalizeName(written)
  if (!distribution) return undefined
  if (!Object.hasOwn(DISTRIBUTION_RULES, distribution)) {
    // zod checks the name first; this guards data it did not get to (it stops at some errors).
    ctx.problems.push(problem('spec/invalid', [...path, 'distribution'], 'value', `unknown distribution ${JSON.stringify(written)}; expected one of ${Object.keys(DISTRIBUTION_RULES).join(', ')}`))
    return undefined
  }
  const rule = DISTRIBUTION_RULES[distribution]
  const inferred = written === undefined ? ` (inferred from ${inferredFrom(distribution)})` : ''

  for (const key of Object.keys(p) as LeafKey[]) {
    if ((key as string) === 'distribution' || (key as string) === 'when' || rule.keys.includes(key)) continue
    const fix = written === undefined && key === 'q' ? '; add distribution: q_uniform (or another q_* distribution)' : `; it takes ${rule.keys.join(', ')}`
    ctx.problems.push(problem('spec/invalid', [...path, key], 'key', `'${key}' does not apply to distribution ${distribution}${inferred}${fix}`))
  }
  for (const key of rule.required) {
    if (key in p) continue
    const why = written === undefined && (key === 'min' || key === 'max') ? 'a range needs both min and max' : `distribution ${distribution} needs ${rule.required.join(' and ')}`
    ctx.problems.push(problem('spec/invalid', [...path, key], 'parent', `missing key '${key}'; ${why}`))
  }
  if (ctx.problems.length > before) return undefined

  const leaf: LeafParameter = { distribution }
  for (const key of rule.keys) {
    const v = key in p ? p[key] : rule.defaults[key]
    if (v !== undefined) (leaf as unknown as Record<string, unknown>)[key] = v
  }
  checkNumbers(leaf, path, ctx)
  if (distribution === 'categorical') checkCategorical(leaf, path, ctx)
  if (ctx.method === 'grid') checkGridAxis(leaf, p, path, ctx)
  return ctx.problems.length > before ? undefined : leaf
}

/** `when: {opt: sgd}` → `{opt: ['sgd']}`: a list always means "one of these" (a list value is written [[1, 2]]). */
function withWhen<T extends SweepParameter>(param: T, p: RawParameter): T {
  const when = p.when
  if (typeof when !== 'object' || when === null || Array.isArray(when)) return param
  // fromEntries defines own keys: a name such as __proto__ stays a (refused) name, not a prototype.
  const normalized = Object.fromEntries(Object.entries(when).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])) as Record<string, unknown[]>
  return { ...param, when: normalized }
}

/**
 * `group: [{layers: 2, d_model: 64}, ...]`: one categorical axis whose values are the rows; every
 * row has the same keys, which become the trial's parameters.
 */
function checkGroup(p: RawParameter, path: DocPath, ctx: ParameterCheckContext): LeafParameter | undefined {
  const before = ctx.problems.length
  for (const key of Object.keys(p)) {
    // `distribution: categorical` is what a group is; the normalized form says so, and must parse again.
    if (key === 'distribution' && (p.distribution === 'categorical' || p.distribution === 'categorical_w_probabilities')) continue
    if (key !== 'group' && key !== 'probabilities' && key !== 'when') {
      ctx.problems.push(problem('spec/invalid', [...path, key], 'key', `'${key}' cannot be combined with group; a group takes group, probabilities and when`))
    }
  }
  const rows = p.group as Array<Record<string, unknown>>
  const first = rows[0] as Record<string, unknown>
  const members = Object.keys(first)
  if (members.length === 0) ctx.problems.push(problem('spec/invalid', [...path, 'group', 0], 'value', 'expected a mapping of parameter values, e.g. {layers: 2, d_model: 64}, got an empty mapping'))
  rows.forEach((row, i) => {
    const keys = Object.keys(row)
    const missing = members.filter((m) => !keys.includes(m))
    const extra = keys.filter((k) => !members.includes(k))
    if (missing.length > 0 || extra.length > 0) {
      const parts = [...(missing.length ? [`lacks ${missing.join(', ')}`] : []), ...(extra.length ? [`has ${extra.join(', ')} that the first row lacks`] : [])]
      ctx.problems.push(problem('spec/invalid', [...path, 'group', i], 'value', `every row of a group has the same keys (${members.join(', ')}); this row ${parts.join(' and ')}`))
    }
  })
  const leaf: LeafParameter = { distribution: 'categorical', group: rows }
  if (Array.isArray(p.probabilities)) leaf.probabilities = p.probabilities as number[]
  checkCategorical({ ...leaf, values: rows }, path, ctx)
  if (ctx.method === 'grid') {
    if (leaf.probabilities) ctx.problems.push(problem('spec/invalid', [...path, 'probabilities'], 'key', 'probabilities have no meaning in a grid (each row is visited once); remove them or use method: random'))
    else leaf.group = dedupeValues(rows) as Array<Record<string, unknown>>
  }
  return ctx.problems.length > before ? undefined : leaf
}

function normalizeName(name: string): Distribution {
  return Object.hasOwn(DISTRIBUTION_ALIASES, name) ? (DISTRIBUTION_ALIASES as Readonly<Record<string, Distribution>>)[name] as Distribution : (name as Distribution)
}

/** W&B's inference (config/schema.py fill_parameter), plus mu/sigma → normal. */
function inferDistribution(p: RawParameter, path: DocPath, ctx: ParameterCheckContext): Distribution | undefined {
  if ('probabilities' in p && !('values' in p)) {
    ctx.problems.push(problem('spec/invalid', [...path, 'probabilities'], 'key', "'probabilities' go only with values (one probability per value)"))
    return undefined
  }
  const present = GROUPS.map((keys) => keys.filter((k) => k in p)).filter((keys) => keys.length > 0)
  if (present.length === 0) {
    ctx.problems.push(problem('spec/invalid', path, 'key', `expected value, values, min and max, mu and sigma, or parameters; ${KIND_HINT}`))
    return undefined
  }
  if (present.length > 1) {
    const first = (present[0] as LeafKey[])[0] as string
    const second = (present[1] as LeafKey[])[0] as string
    ctx.problems.push(problem('spec/invalid', [...path, second], 'key', `'${second}' cannot be combined with '${first}'; ${KIND_HINT}`))
    return undefined
  }
  if ('value' in p) return 'constant'
  if ('values' in p) return 'categorical'
  if ('min' in p || 'max' in p) {
    const integers = ['min', 'max'].every((k) => !(k in p) || ctx.isIntegerLiteral([...path, k]))
    return integers ? 'int_uniform' : 'uniform'
  }
  if ('mu' in p || 'sigma' in p) return 'normal'
  const key = 'q' in p ? 'q' : 'a' in p ? 'a' : 'b'
  const needs = key === 'q' ? 'an explicit distribution such as q_uniform or q_normal' : 'distribution: beta'
  ctx.problems.push(problem('spec/invalid', [...path, key], 'key', `'${key}' needs ${needs}`))
  return undefined
}

function inferredFrom(d: Distribution): string {
  if (d === 'constant') return 'value'
  if (d === 'categorical') return 'values'
  if (d === 'int_uniform') return 'integer min/max'
  if (d === 'uniform') return 'min/max, not both integers'
  return 'mu/sigma'
}

function checkNumbers(leaf: LeafParameter, path: DocPath, ctx: ParameterCheckContext): void {
  const rule = DISTRIBUTION_RULES[leaf.distribution]
  const { min, max } = leaf
  if (min === undefined || max === undefined) return
  if (rule.integer) {
    for (const [key, v] of [['min', min], ['max', max]] as const) {
      if (!Number.isSafeInteger(v)) ctx.problems.push(problem('spec/invalid', [...path, key], 'value', `expected an integer (distribution ${leaf.distribution}), got ${v}`))
    }
  }
  if (rule.positiveMin && min <= 0) {
    ctx.problems.push(problem('spec/invalid', [...path, 'min'], 'value', `expected min > 0 (${leaf.distribution} bounds are values on a log scale), got ${min}`))
  }
  if (!(min < max)) {
    ctx.problems.push(problem('spec/invalid', [...path, 'max'], 'value', `expected max greater than min (${min}), got ${max}`))
    return
  }
  const edge = rule.exponent === 'exp' ? max : rule.exponent === 'inverse-exp' ? -min : undefined
  if (edge !== undefined && !Number.isFinite(Math.exp(edge))) {
    const key = rule.exponent === 'exp' ? 'max' : 'min'
    ctx.problems.push(
      problem('spec/invalid', [...path, key], 'value', `${leaf.distribution} takes natural-log exponents and exp(${edge}) overflows; for bounds given as values use ${leaf.distribution.replace(/^(q_|inv_)?log_uniform$/, '$1log_uniform_values')}`),
    )
  }
}

function checkCategorical(leaf: LeafParameter, path: DocPath, ctx: ParameterCheckContext): void {
  const { values = [], probabilities } = leaf
  if (!probabilities) return
  if (probabilities.length !== values.length) {
    ctx.problems.push(problem('spec/invalid', [...path, 'probabilities'], 'value', `expected ${values.length} probabilities (one per value), got ${probabilities.length}`))
    return
  }
  const sum = probabilities.reduce((a, b) => a + b, 0)
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    ctx.problems.push(problem('spec/invalid', [...path, 'probabilities'], 'value', `expected probabilities that sum to 1, got a sum of ${sum}`))
  }
}

function checkGridAxis(leaf: LeafParameter, p: RawParameter, path: DocPath, ctx: ParameterCheckContext): void {
  if (!GRID_DISTRIBUTIONS.has(leaf.distribution)) {
    const at: DocPath = 'distribution' in p ? [...path, 'distribution'] : path
    ctx.problems.push(
      problem(
        'spec/grid-continuous',
        at,
        'distribution' in p ? 'value' : 'key',
        `distribution ${leaf.distribution} is continuous and a grid cannot enumerate it; list the points with values: [...], ` +
          'use int_uniform (every integer from min to max) or q_uniform (min, min+q, ... below max), or use method: random',
      ),
    )
    return
  }
  if (leaf.probabilities) {
    ctx.problems.push(problem('spec/invalid', [...path, 'probabilities'], 'key', 'probabilities have no meaning in a grid (each value is visited once); remove them or use method: random'))
    return
  }
  const size = gridAxisSize(leaf)
  if (!Number.isSafeInteger(size)) {
    ctx.problems.push(problem('spec/too-large', path, 'key', `this grid axis has ${size} points, more than ${Number.MAX_SAFE_INTEGER}; narrow the range or use method: random`))
    return
  }
  if (leaf.distribution === 'categorical' && leaf.values) leaf.values = dedupeValues(leaf.values)
}

/** W&B's grid skips a point it has already run, so a repeated value runs once; do the same up front. */
function dedupeValues(values: ReadonlyArray<unknown>): unknown[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const key = canonicalJson(v)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}
