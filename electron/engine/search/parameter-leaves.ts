import type { LeafParameter, SweepParameter } from '../../../shared/sweep-spec.ts'

/** A sampled leaf and where its value goes in the trial's (possibly nested) params. */
export interface ParameterLeaf {
  path: ReadonlyArray<string>
  param: LeafParameter
}

/** Leaves in file order, depth first; the order grid digits and random draws follow. */
export function collectLeaves(parameters: Readonly<Record<string, SweepParameter>>, prefix: ReadonlyArray<string> = []): ParameterLeaf[] {
  const leaves: ParameterLeaf[] = []
  for (const [name, param] of Object.entries(parameters)) {
    const path = [...prefix, name]
    if (param.parameters !== undefined) leaves.push(...collectLeaves(param.parameters, path))
    else leaves.push({ path, param })
  }
  return leaves
}

/** Sets `value` at `path`, creating the nested objects on the way. */
export function assignAt(target: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown): void {
  let obj = target
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string
    let next = obj[key]
    if (typeof next !== 'object' || next === null) {
      next = {}
      obj[key] = next
    }
    obj = next as Record<string, unknown>
  }
  obj[path[path.length - 1] as string] = value
}

/** Values from the spec are copied so a trial that mutates its params cannot change the next one's. */
export function copyValue(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value
}
