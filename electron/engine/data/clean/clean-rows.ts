import type { CleanConfig } from '../dataset-config.ts'
import type { CleanStepReport, Row } from '../dataset-types.ts'
import { dedupExact } from './dedup-exact.ts'
import { nearDedup } from './near-dedup.ts'
import { normalizeRows } from './normalize-text.ts'
import { scrubRows } from './scrub-pii.ts'

export interface CleanResult {
  rows: Row[]
  steps: CleanStepReport[]
  /** The first near-duplicate removals: the dropped text and its kept twin (first 160 characters each). */
  nearDuplicateExamples: Array<{ text: string; twin: string; similarity: number }>
}

/**
 * Runs the configured cleaning steps in a fixed order: normalize → PII → exact dedup → near dedup →
 * minimum length. PII goes before dedup so that messages differing only in an address or phone
 * number count as duplicates. Text steps need a text column; without one only exact dedup (on whole
 * rows) runs.
 */
export function cleanRows(input: ReadonlyArray<Row>, o: { text?: string; label?: string; clean: CleanConfig; seed: number }): CleanResult {
  let rows: Row[] = [...input]
  const steps: CleanStepReport[] = []
  let nearDuplicateExamples: CleanResult['nearDuplicateExamples'] = []
  const text = o.text
  if (text !== undefined && o.clean.normalize !== null) {
    const r = normalizeRows(rows, text, o.clean.normalize)
    rows = r.rows
    steps.push({ step: 'normalize', changed: r.changed })
  }
  if (text !== undefined && o.clean.pii !== null) {
    const r = scrubRows(rows, text, new Set(o.clean.pii))
    rows = r.rows
    steps.push({ step: 'pii', rowsChanged: r.rowsChanged, found: r.found })
  }
  if (o.clean.dedup) {
    const r = dedupExact(rows, { ...(text !== undefined ? { text } : {}), ...(o.label !== undefined ? { label: o.label } : {}) })
    rows = r.rows
    steps.push({ step: 'dedup', removed: r.removed, conflictingLabels: r.conflictingLabels })
  }
  const nd = o.clean.nearDedup
  if (text !== undefined && nd !== null) {
    const r = nearDedup(rows, { text, ...(o.label !== undefined ? { label: o.label } : {}), ...nd, seed: o.seed })
    steps.push({
      step: 'near_dedup', removed: r.removed, threshold: nd.threshold, shingle: nd.shingle, shingleSize: nd.shingleSize,
      permutations: nd.permutations, bands: r.bands, candidatePairs: r.candidatePairs, crossLabel: r.crossLabel,
    })
    const snippet = (i: number): string => String(rows[i]?.[text] ?? '').slice(0, 160)
    nearDuplicateExamples = r.examples.map((e) => ({ text: snippet(e.removed), twin: snippet(e.keptAs), similarity: e.similarity }))
    rows = r.rows
  }
  if (text !== undefined && o.clean.minLength > 0) {
    const before = rows.length
    rows = rows.filter((r) => typeof r[text] === 'string' && (r[text] as string).trim().length >= o.clean.minLength)
    steps.push({ step: 'min_length', removed: before - rows.length, minLength: o.clean.minLength })
  }
  return { rows, steps, nearDuplicateExamples }
}
