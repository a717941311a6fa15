import { SweeplabError } from '../../../shared/errors.ts'
import { groupMembers } from '../../../shared/sweep-spec.ts'
import type { LeafParameter, SweepParameter, SweepSpec } from '../../../shared/sweep-spec.ts'
import { ExpressionError, InactiveParameter, evaluate, namesIn, parseExpression } from '../config/expression.ts'
import type { Expr } from '../config/expression.ts'
import { assignAt, copyValue } from './parameter-leaves.ts'

/** What the superset keys add to a spec; all absent for a plain W&B file. */
export type SpaceSpec = Pick<SweepSpec, 'parameters'> & Partial<Pick<SweepSpec, 'derived' | 'constraints'>>

/**
 * One searched dimension: a leaf parameter, or a group (one categorical over its rows, whose
 * members the trial gets as parameters beside it).
 */
export interface Axis {
  /** Dotted name: `lr`, `model.layers`; for a group, the group's own name (never passed to a trial). */
  name: string
  path: ReadonlyArray<string>
  /** The leaf; a group's as a categorical whose values are its rows. */
  param: LeafParameter
  /** A group's member names (the keys of its rows); undefined for a plain leaf. */
  members: ReadonlyArray<string> | undefined
  /** Conditions from `when:` (its own and those of the nested blocks around it): parent → allowed values (canonical JSON). */
  conditions: ReadonlyArray<{ parent: string; allowed: ReadonlySet<string> }>
}

/** Where a name an expression or a condition reads lives: an axis, and for a group member its key. */
interface NameRef {
  axis: number
  member?: string
}

export interface SearchSpace {
  /** Parents before children (file order otherwise): the order digits and draws follow. */
  axes: ReadonlyArray<Axis>
  /** Some parameter has a `when:`. */
  conditional: boolean
  derived: ReadonlyArray<{ name: string; text: string; expr: Expr }>
  constraints: ReadonlyArray<{ text: string; expr: Expr; usesDerived: boolean }>
  /** A trial's values, one per axis in `axes` order (undefined for an inactive one) → which axes are active. */
  activity(values: ReadonlyArray<unknown>): boolean[]
  /** Whether axis k is active, given the values and activity of the axes before it (its parents). */
  axisActive(k: number, values: ReadonlyArray<unknown>, active: ReadonlyArray<boolean>): boolean
  /**
   * Completes a point: checks the constraints and computes the derived values. `ok: false` names the
   * constraint it breaks. An expression that cannot be evaluated throws an ExpressionError
   * (with `source` telling which key it came from).
   */
  finish(values: ReadonlyArray<unknown>, active: ReadonlyArray<boolean>, build?: boolean): FinishedPoint
}

export type FinishedPoint = { ok: true; params: Record<string, unknown> } | { ok: false; constraint: number }

/** An expression failed for one point: which key (`derived.x`, `constraints.2`) and why. */
export class PointExpressionError extends Error {
  readonly key: string
  readonly expression: string
  readonly offset: number
  constructor(key: string, expression: string, cause: ExpressionError, point: Readonly<Record<string, unknown>>) {
    super(`${key}: ${cause.message} in "${expression}" for ${describePoint(point)}`)
    this.name = 'PointExpressionError'
    this.key = key
    this.expression = expression
    this.offset = cause.offset
  }
}

function describePoint(point: Readonly<Record<string, unknown>>): string {
  const text = Object.entries(point).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || 'the point'
}

/** The canonical text of a value, for set membership of `when:` values (key order ignored). */
export function canonicalKey(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(',')}]`
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalKey((v as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

interface RawAxis {
  name: string
  path: string[]
  param: LeafParameter
  members: string[] | undefined
  when: Array<Record<string, unknown[]>>
}

function collectAxes(parameters: Readonly<Record<string, SweepParameter>>, prefix: string[], inherited: Array<Record<string, unknown[]>>, out: RawAxis[]): void {
  for (const [name, p] of Object.entries(parameters)) {
    const path = [...prefix, name]
    const when = p.when ? [...inherited, p.when] : inherited
    if (p.parameters !== undefined) collectAxes(p.parameters, path, when, out)
    else out.push({ name: path.join('.'), path, param: p.group ? { ...p, values: p.group } : p, members: groupMembers(p), when })
  }
}

/**
 * Builds the search space of a validated spec. Expressions were checked by validation, so a parse
 * error here means the stored spec is not one validation produced.
 */
export function buildSearchSpace(spec: SpaceSpec): SearchSpace {
  const raw: RawAxis[] = []
  collectAxes(spec.parameters, [], [], raw)
  const refs = new Map<string, { raw: number; member?: string }>()
  raw.forEach((a, i) => {
    if (a.members) for (const m of a.members) refs.set([...a.path.slice(0, -1), m].join('.'), { raw: i, member: m })
    else refs.set(a.name, { raw: i })
  })
  const order = topologicalOrder(raw, refs)
  const position = new Map<number, number>(order.map((r, k) => [r, k]))
  const axes: Axis[] = order.map((r) => {
    const a = raw[r] as RawAxis
    const conditions = a.when.flatMap((w) => Object.entries(w).map(([parent, values]) => ({ parent, allowed: new Set(values.map(canonicalKey)) })))
    return { name: a.name, path: a.path, param: a.param, members: a.members, conditions }
  })
  const nameRef = new Map<string, NameRef>()
  for (const [name, ref] of refs) nameRef.set(name, { axis: position.get(ref.raw) as number, ...(ref.member !== undefined ? { member: ref.member } : {}) })
  const conditionRefs = axes.map((a) => a.conditions.map((c) => ({ ref: nameRef.get(c.parent), allowed: c.allowed })))
  const conditional = axes.some((a) => a.conditions.length > 0)

  const derivedNames = new Set<string>()
  const derived = Object.entries(spec.derived ?? {}).map(([name, text]) => {
    const expr = parseStored(text, (n) => nameRef.has(n) || derivedNames.has(n), `derived.${name}`)
    derivedNames.add(name)
    return { name, text, expr }
  })
  const constraints = (spec.constraints ?? []).map((text, i) => {
    const expr = parseStored(text, (n) => nameRef.has(n) || derivedNames.has(n), `constraints.${i}`)
    return { text, expr, usesDerived: namesIn(expr).some((n) => derivedNames.has(n)) }
  })
  // File order for the trial's params: the order a program sees its arguments in.
  const fileOrder = axes.map((_, k) => k).sort((x, y) => (order[x] as number) - (order[y] as number))

  const valueOf = (values: ReadonlyArray<unknown>, ref: NameRef): unknown => {
    const v = values[ref.axis]
    return ref.member === undefined ? v : (v as Record<string, unknown>)[ref.member]
  }

  const axisActive = (k: number, values: ReadonlyArray<unknown>, active: ReadonlyArray<boolean>): boolean => {
    for (const c of conditionRefs[k] as ReadonlyArray<{ ref: NameRef | undefined; allowed: ReadonlySet<string> }>) {
      if (!c.ref || !active[c.ref.axis] || !c.allowed.has(canonicalKey(valueOf(values, c.ref)))) return false
    }
    return true
  }
  const activity = (values: ReadonlyArray<unknown>): boolean[] => {
    const active: boolean[] = new Array<boolean>(axes.length)
    for (let k = 0; k < axes.length; k++) active[k] = axisActive(k, values, active)
    return active
  }

  // `build: false` (enumerating a grid) checks the point without building its params object.
  const finish = (values: ReadonlyArray<unknown>, active: ReadonlyArray<boolean>, build = true): FinishedPoint => {
    const computed = new Map<string, unknown>()
    const lookup = (name: string): unknown => {
      const ref = nameRef.get(name)
      if (ref) {
        if (!active[ref.axis]) throw new InactiveParameter(name)
        return valueOf(values, ref)
      }
      if (computed.has(name)) return computed.get(name)
      // A derived value that is absent (it read an inactive parameter) makes its readers absent too.
      throw new InactiveParameter(name)
    }
    const params = (): Record<string, unknown> => {
      const out: Record<string, unknown> = {}
      for (const k of fileOrder) {
        if (!active[k]) continue
        const a = axes[k] as Axis
        const v = values[k]
        if (a.members) for (const m of a.members) assignAt(out, [...a.path.slice(0, -1), m], copyValue((v as Record<string, unknown>)[m]))
        else assignAt(out, a.path, copyValue(v))
      }
      return out
    }
    const check = (withDerived: boolean): number => {
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i] as SearchSpace['constraints'][number]
        if (c.usesDerived !== withDerived) continue
        let held: unknown
        try {
          held = evaluate(c.expr, lookup)
        } catch (e) {
          if (e instanceof InactiveParameter) continue
          if (e instanceof ExpressionError) throw new PointExpressionError(`constraints.${i}`, c.text, e, flatPoint(params()))
          throw e
        }
        if (typeof held !== 'boolean') {
          throw new PointExpressionError(`constraints.${i}`, c.text, new ExpressionError(`a constraint must be true or false, got ${JSON.stringify(held)}`, 0), flatPoint(params()))
        }
        if (!held) return i
      }
      return -1
    }
    const early = check(false)
    if (early >= 0) return { ok: false, constraint: early }
    for (const d of derived) {
      try {
        computed.set(d.name, evaluate(d.expr, lookup))
      } catch (e) {
        if (e instanceof InactiveParameter) continue
        if (e instanceof ExpressionError) throw new PointExpressionError(`derived.${d.name}`, d.text, e, flatPoint(params()))
        throw e
      }
    }
    const late = check(true)
    if (late >= 0) return { ok: false, constraint: late }
    if (!build) return { ok: true, params: {} }
    const out = params()
    // Defined, not assigned: a derived value named __proto__ must be a value, not the object's prototype.
    for (const [name, v] of computed) Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true })
    return { ok: true, params: out }
  }

  return { axes, conditional, derived, constraints, activity, axisActive, finish }
}

function flatPoint(params: Readonly<Record<string, unknown>>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) flatPoint(v as Record<string, unknown>, `${prefix}${k}.`, out)
    else out[`${prefix}${k}`] = v
  }
  return out
}

function parseStored(text: string, known: (n: string) => boolean, key: string): Expr {
  try {
    return parseExpression(text, known)
  } catch (e) {
    if (e instanceof ExpressionError) throw new SweeplabError('spec/invalid', `${key}: ${e.message} (at character ${e.offset + 1} of "${text}")`)
    throw e
  }
}

/**
 * Axes sorted so that every condition's parent comes before its child, keeping file order where
 * there is a choice (so a file without `when:` keeps its order exactly). Validation refuses cycles.
 */
function topologicalOrder(raw: ReadonlyArray<RawAxis>, refs: ReadonlyMap<string, { raw: number }>): number[] {
  if (raw.every((a) => a.when.length === 0)) return raw.map((_, i) => i)
  const parents = raw.map((a) => [...new Set(a.when.flatMap((w) => Object.keys(w)).map((n) => refs.get(n)?.raw).filter((r): r is number => r !== undefined))])
  const placed = new Array<boolean>(raw.length).fill(false)
  const order: number[] = []
  while (order.length < raw.length) {
    const next = raw.findIndex((_, i) => !placed[i] && (parents[i] as number[]).every((p) => placed[p] || p === i))
    if (next < 0) throw new SweeplabError('spec/invalid', 'the when: conditions of the parameters form a cycle')
    placed[next] = true
    order.push(next)
  }
  return order
}

/** `space.finish` during a sweep: an expression that fails stops the sweep with the point and the reason. */
export function finishPoint(space: SearchSpace, values: ReadonlyArray<unknown>, active: ReadonlyArray<boolean>, index: number): FinishedPoint {
  try {
    return space.finish(values, active)
  } catch (e) {
    if (e instanceof PointExpressionError) throw new SweeplabError('search/failed', `trial index ${index}: ${e.message}`)
    throw e
  }
}

/** Draws in a row that may break the constraints before random search gives up on a trial index. */
export const MAX_REJECTED_DRAWS = 10_000

export function tooManyRejections(space: SearchSpace, index: number, rejectedBy: ReadonlyArray<number>): SweeplabError {
  const worst = rejectedBy.indexOf(Math.max(...rejectedBy))
  const which = worst >= 0 ? ` (most often "${space.constraints[worst]?.text}")` : ''
  return new SweeplabError(
    'search/failed',
    `trial index ${index}: the constraints rejected ${MAX_REJECTED_DRAWS} random draws in a row${which}; the space they allow is too small to find by drawing: loosen them, narrow the parameters, or use method: grid`,
  )
}
