import { isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import type { Node as YamlNode } from 'yaml'
import { NUMBER_KEYS } from './param-kinds.ts'
import type { ParamKind, RangeDistribution } from './param-kinds.ts'
import { copyNode } from './yaml-map.ts'

/** A range this small is listed point by point when an integer range becomes a list of values. */
const MAX_ENUMERATED_POINTS = 12
/** Positive bounds this far apart are searched on a log scale (learning rates, weight decay). */
const LOG_SCALE_RATIO = 10

type Entries = [string, YamlNode][]

/**
 * The keys of a parameter switched to `kind`, seeded from what it held so a switch loses as little
 * as it can: a value becomes a one-item list, a list of numbers becomes its range, an integer range
 * becomes its points.
 */
export function seedNodes(map: YAMLMap, kind: Exclude<ParamKind, 'yaml-only'>): Entries {
  switch (kind) {
    case 'values': return [['values', valuesSeed(map)]]
    case 'value': return [['value', valueSeed(map)]]
    case 'distribution': return distributionSeed(map)
    case 'nested': return [['parameters', nestedSeed(map)]]
  }
}

function valuesSeed(map: YAMLMap): YamlNode {
  const values = map.get('values', true)
  if (isSeq(values)) return copyNode(values)
  const value = map.get('value', true)
  if (value !== undefined && value !== null) return flowSeq([copyNode(value as YamlNode)])
  const lo = num(map.get('min', true))
  const hi = num(map.get('max', true))
  if (lo !== undefined && hi !== undefined) {
    if (Number.isInteger(lo) && Number.isInteger(hi) && hi >= lo && hi - lo < MAX_ENUMERATED_POINTS && map.get('distribution') !== 'uniform') {
      return flowSeq(Array.from({ length: hi - lo + 1 }, (_, i) => new Scalar(lo + i)))
    }
    return flowSeq([new Scalar(lo), new Scalar(hi)])
  }
  return flowSeq([new Scalar(1), new Scalar(2)])
}

function valueSeed(map: YAMLMap): YamlNode {
  const values = map.get('values', true)
  const first = isSeq(values) ? values.items[0] : undefined
  if (first !== undefined && first !== null) return copyNode(first as YamlNode)
  const value = map.get('value', true)
  if (value !== undefined && value !== null) return copyNode(value as YamlNode)
  for (const k of ['min', 'mu'] as const) {
    const n = map.get(k, true)
    if (isScalar(n)) return copyNode(n)
  }
  return new Scalar(1)
}

function distributionSeed(map: YAMLMap): Entries {
  const kept = map.items.filter((p) => isScalar(p.key) && (p.key.value === 'distribution' || (NUMBER_KEYS as readonly unknown[]).includes(p.key.value)))
  if (kept.length > 0) return kept.map((p) => [String((p.key as Scalar).value), copyNode(p.value as YamlNode)])
  const points = numbersOf(map)
  if (points.length === 0) return rangeEntries('uniform', 0, 1)
  let lo = Math.min(...points)
  let hi = Math.max(...points)
  const ints = points.every(Number.isInteger)
  if (lo === hi) {
    // One value: search around it, an octave either way for integers, a decade for positive floats.
    if (lo > 0) [lo, hi] = ints ? [Math.max(1, Math.floor(lo / 2)), lo * 2] : [lo / LOG_SCALE_RATIO, lo * LOG_SCALE_RATIO]
    else [lo, hi] = [lo - 1, hi + 1]
  }
  if (ints) return rangeEntries('int_uniform', lo, hi)
  return rangeEntries(lo > 0 && hi / lo >= LOG_SCALE_RATIO ? 'log_uniform_values' : 'uniform', lo, hi)
}

function rangeEntries(distribution: RangeDistribution, lo: number, hi: number): Entries {
  const bound = (n: number) => {
    const s = new Scalar(n)
    // A float range keeps a float spelling (`0.0`), so the file reads the same with or without `distribution`.
    if (distribution !== 'int_uniform' && Number.isInteger(n)) s.minFractionDigits = 1
    return s
  }
  return [['distribution', new Scalar(distribution)], ['min', bound(lo)], ['max', bound(hi)]]
}

function nestedSeed(map: YAMLMap): YamlNode {
  const inner = map.get('parameters', true)
  if (isMap(inner)) return copyNode(inner)
  const child = new YAMLMap()
  child.flow = true
  if (map.items.length > 0) for (const p of map.items) child.items.push(p.clone())
  else child.set('values', flowSeq([new Scalar(1), new Scalar(2)]))
  const nested = new YAMLMap()
  nested.set('param1', child)
  return nested
}

function numbersOf(map: YAMLMap): number[] {
  const values = map.get('values', true)
  const nodes = isSeq(values) ? values.items : [map.get('value', true)]
  const out = nodes.map(num)
  return out.every((n): n is number => n !== undefined) ? out : []
}

function num(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) ? node.value : undefined
}

function flowSeq(items: YamlNode[]): YAMLSeq {
  const seq = new YAMLSeq()
  seq.flow = true
  seq.items = items
  return seq
}
