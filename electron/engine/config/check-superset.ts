import { groupMembers } from '../../../shared/sweep-spec.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { ExpressionError, parseExpression } from './expression.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/** A parameter name a trial can get, with where it was written and, for discrete ones, its values. */
interface NameInfo {
  /** Where the name is defined: the leaf, or the group whose member it is. */
  path: DocPath
  /** Categorical or constant values (a group member: its value in each row); undefined when continuous. */
  values: unknown[] | undefined
  /** Dotted name of the leaf or group that defines it (a group's members share it). */
  owner: string
}

interface Conditioned {
  name: string
  path: DocPath
  when: Record<string, unknown[]>
  /** Names this parameter (or block) defines: a condition may not read them. */
  own: ReadonlySet<string>
}

/**
 * The superset's cross-key rules: every `when:` names a discrete parameter that exists, with values
 * it can take, and the conditions form no cycle; `derived:` names are new and their expressions read
 * only parameters and derived values above them; `constraints:` read parameters and derived values.
 * Expression errors carry the character offset, which `locateProblems` turns into a column.
 */
export function checkSuperset(parameters: Readonly<Record<string, SweepParameter>>, raw: Readonly<Record<string, unknown>>): SpecProblem[] {
  const problems: SpecProblem[] = []
  const names = new Map<string, NameInfo>()
  const conditioned: Conditioned[] = []
  collect(parameters, [], ['parameters'], names, conditioned)

  for (const c of conditioned) {
    for (const [parent, wanted] of Object.entries(c.when)) {
      const at: DocPath = [...c.path, 'when', parent]
      const info = names.get(parent)
      if (!info) {
        problems.push(problem('spec/invalid', at, 'key', `when: unknown parameter '${parent}'${closest(parent, [...names.keys()])}; a condition names a categorical or constant parameter (nested ones dotted, e.g. model.type)`))
        continue
      }
      if (c.own.has(parent)) {
        problems.push(problem('spec/invalid', at, 'key', `when: '${c.name}' cannot depend on itself`))
        continue
      }
      if (info.values === undefined) {
        problems.push(problem('spec/invalid', at, 'key', `when: '${parent}' is continuous; a condition reads a parameter with values: [...], a value:, or a group member`))
        continue
      }
      const keys = new Set(info.values.map((v) => JSON.stringify(sortKeys(v))))
      wanted.forEach((v, i) => {
        if (!keys.has(JSON.stringify(sortKeys(v)))) {
          const listed = Array.isArray(valueAtPath(raw, at))
          problems.push(
            problem('spec/invalid', listed ? [...at, i] : at, 'value', `when: ${JSON.stringify(v)} is not a value of '${parent}' (${info.values!.slice(0, 10).map((x) => JSON.stringify(x)).join(', ')}${info.values!.length > 10 ? ', …' : ''}); to match a list value write it inside a list: [[1, 2]]`),
          )
        }
      })
    }
  }
  problems.push(...findCycles(conditioned, names))

  const known = new Set(names.keys())
  const blocks = nestedBlocks(parameters, '')
  const derived = raw.derived
  if (typeof derived === 'object' && derived !== null && !Array.isArray(derived)) {
    for (const [name, text] of Object.entries(derived)) {
      if (typeof text !== 'string') continue
      if (name === '__proto__') {
        problems.push(problem('spec/invalid', ['derived', name], 'key', "'__proto__' cannot be the name of a derived value"))
        continue
      }
      if (known.has(name) || blocks.has(name)) {
        problems.push(problem('spec/invalid', ['derived', name], 'key', `'${name}' is already a parameter; a derived value needs a name of its own`))
        continue
      }
      problems.push(...checkExpression(text, ['derived', name], known))
      known.add(name)
    }
  }
  const constraints = raw.constraints
  if (Array.isArray(constraints)) {
    constraints.forEach((text, i) => {
      if (typeof text === 'string') problems.push(...checkExpression(text, ['constraints', i], known))
    })
  }
  return problems
}

function checkExpression(text: string, path: DocPath, known: ReadonlySet<string>): SpecProblem[] {
  try {
    parseExpression(text, (n) => known.has(n), () => [...known])
    return []
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e
    return [{ ...problem('spec/invalid', path, 'value', e.message), offset: e.offset }]
  }
}

function collect(params: Readonly<Record<string, SweepParameter>>, prefix: ReadonlyArray<string>, docPath: DocPath, names: Map<string, NameInfo>, conditioned: Conditioned[]): Set<string> {
  const all = new Set<string>()
  for (const [name, p] of Object.entries(params)) {
    const dotted = [...prefix, name].join('.')
    const path = [...docPath, name]
    let own: Set<string>
    if (p.parameters !== undefined) {
      own = collect(p.parameters, [...prefix, name], [...path, 'parameters'], names, conditioned)
    } else if (p.group) {
      own = new Set()
      for (const m of groupMembers(p) ?? []) {
        const member = [...prefix, m].join('.')
        names.set(member, { path, values: uniqueValues(p.group.map((row) => row[m])), owner: dotted })
        own.add(member)
      }
    } else {
      const discrete = p.distribution === 'categorical' ? p.values : p.distribution === 'constant' ? [p.value] : undefined
      names.set(dotted, { path, values: discrete, owner: dotted })
      own = new Set([dotted])
    }
    if (p.when) conditioned.push({ name: dotted, path, when: p.when, own })
    for (const n of own) all.add(n)
  }
  return all
}

/** A → B when A's condition reads a name B defines; a cycle is reported once, at the first member's when. */
function findCycles(conditioned: ReadonlyArray<Conditioned>, names: ReadonlyMap<string, NameInfo>): SpecProblem[] {
  // Work on owners: a block's condition applies to every leaf inside, so the edge goes from each owned leaf.
  const edges = new Map<string, Set<string>>()
  const add = (from: string, to: string): void => {
    let set = edges.get(from)
    if (!set) edges.set(from, (set = new Set()))
    set.add(to)
  }
  for (const c of conditioned) {
    for (const parent of Object.keys(c.when)) {
      const owner = names.get(parent)?.owner
      // Depending on itself is reported on its own, not as a cycle.
      if (owner === undefined || c.own.has(parent)) continue
      for (const n of c.own) add(names.get(n)?.owner ?? n, owner)
    }
  }
  const state = new Map<string, 1 | 2>()
  const cycles: string[][] = []
  const visit = (node: string, trail: string[]): void => {
    state.set(node, 1)
    for (const next of edges.get(node) ?? []) {
      const s = state.get(next)
      if (s === 1) cycles.push([...trail.slice(trail.indexOf(next)), next])
      else if (s === undefined) visit(next, [...trail, next])
    }
    state.set(node, 2)
  }
  for (const node of edges.keys()) if (!state.has(node)) visit(node, [node])
  return cycles.slice(0, 5).map((cycle) => {
    const first = conditioned.find((c) => [...c.own].some((n) => names.get(n)?.owner === cycle[0]) || c.name === cycle[0])
    return problem('spec/invalid', first ? [...first.path, 'when'] : ['parameters'], 'key', `when: the conditions form a cycle (${cycle.join(' → ')}); a parameter cannot depend on itself through others`)
  })
}

/** Dotted names of nested blocks: their objects would be replaced by a derived value of the same name. */
function nestedBlocks(params: Readonly<Record<string, SweepParameter>>, prefix: string, out = new Set<string>()): Set<string> {
  for (const [name, p] of Object.entries(params)) {
    if (p.parameters === undefined) continue
    out.add(prefix + name)
    nestedBlocks(p.parameters, `${prefix}${name}.`, out)
  }
  return out
}

function uniqueValues(values: ReadonlyArray<unknown>): unknown[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const k = JSON.stringify(sortKeys(v))
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
  return v
}

function valueAtPath(data: unknown, path: DocPath): unknown {
  let v = data
  for (const seg of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return undefined
    v = (v as Record<string | number, unknown>)[seg]
  }
  return v
}

function closest(name: string, known: ReadonlyArray<string>): string {
  const lower = name.toLowerCase()
  const hit = known.find((k) => k.toLowerCase() === lower || (Math.abs(k.length - name.length) <= 2 && [...k].filter((ch, i) => name[i] !== ch).length <= 2))
  return hit ? ` (did you mean '${hit}'?)` : ''
}
