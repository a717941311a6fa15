import { isMap, isScalar, isSeq, YAMLMap } from 'yaml'
import { parseSpecDocument, printSpecDocument } from './spec-yaml.ts'
import type { EditResult } from './spec-edits.ts'
import { putValue } from './yaml-map.ts'

const PATH = ['bayes', 'warm_start', 'sweeps'] as const

/** The sweep ids (and names) listed under `bayes.warm_start.sweeps`, as written; [] when absent or unreadable. */
export function readWarmStartRefs(text: string): Array<number | string> {
  const doc = parseSpecDocument(text)
  if (doc.errors.length > 0) return []
  const node = doc.getIn(PATH, true)
  if (!isSeq(node)) return []
  return node.items.flatMap((item) => (isScalar(item) && (typeof item.value === 'number' || typeof item.value === 'string') ? [item.value] : []))
}

/**
 * Writes `bayes.warm_start.sweeps` (a flow list of ids), keeping every other key and comment;
 * an empty list removes `warm_start`, and a `bayes:` left empty by that goes too.
 */
export function setWarmStartRefs(text: string, refs: ReadonlyArray<number | string>): EditResult {
  const doc = parseSpecDocument(text)
  if (doc.errors.length > 0) return { ok: false, message: 'fix the YAML syntax error first' }
  if (!isMap(doc.contents)) return { ok: false, message: 'the file is not a mapping of keys' }
  const bayes = doc.getIn(['bayes'], true)
  if (bayes !== undefined && !isMap(bayes)) return { ok: false, message: 'bayes: is not a mapping; fix it in the YAML' }
  if (refs.length === 0) {
    if (!isMap(bayes)) return { ok: true, text }
    bayes.delete('warm_start')
    if (bayes.items.length === 0) doc.contents.delete('bayes')
    return { ok: true, text: printSpecDocument(doc) }
  }
  // Built by hand: the YAML 1.1 schema would make setIn's missing maps `!!omap`s.
  let bayesMap = bayes
  if (!bayesMap) {
    bayesMap = new YAMLMap()
    putValue(doc, doc.contents, 'bayes', bayesMap, 'parameters')
  }
  const existing = bayesMap.get('warm_start', true)
  const warm = isMap(existing) ? existing : new YAMLMap()
  if (!isMap(existing)) {
    warm.flow = bayesMap.flow
    putValue(doc, bayesMap, 'warm_start', warm)
  }
  const list = doc.createNode([...refs])
  list.flow = true
  putValue(doc, warm, 'sweeps', list)
  return { ok: true, text: printSpecDocument(doc) }
}
