import type { DatasetDetail, DatasetInfo } from '../../../shared/dataset-spec.ts'
import { bold, truncate } from '../format.ts'
import { renderTable } from '../table.ts'

const int = (n: number): string => n.toLocaleString('en-US')
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`

/** 1234567 → "1.2 MB" (powers of 1000, as file managers show sizes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`
  return `${(n / 1_000_000).toFixed(1)} MB`
}

/** The `data ls` table: built-ins, then registered datasets. */
export function renderDatasetTable(list: ReadonlyArray<DatasetInfo>, useColor: boolean): string {
  const head = ['name', 'version', 'rows', 'format', 'text', 'label', 'size', 'source']
  const rows = list.map((d) => [
    d.name,
    d.version === null ? '-' : String(d.version),
    int(d.rows),
    d.format,
    d.textColumn ?? '-',
    d.labelColumn ?? '-',
    formatBytes(d.bytes),
    d.builtin ? 'built-in' : truncate(d.path, 48),
  ])
  return renderTable(head, rows, useColor)
}

/** The `data show` report: rows, columns, duplicates, near-duplicates, PII per kind, class balance. */
export function renderDatasetReport(d: DatasetDetail, useColor: boolean): string {
  const r = d.report
  const title = `${d.name}${d.version !== null ? ` v${d.version}` : ' (built-in)'}`
  const lines = [bold(title, useColor), `${d.format}, ${int(r.rows)} rows, ${formatBytes(d.bytes)}, ${d.path}`]
  if (d.description) lines.push(d.description)
  if (d.license) lines.push(`license: ${d.license}`)
  lines.push('')
  const colRows = r.columns.map((c) => [c.name, c.type, int(c.missing), c.distinct >= 1000 ? '1,000+' : int(c.distinct), c.name === r.textColumn ? 'text' : c.name === r.labelColumn ? 'label' : ''])
  lines.push(renderTable(['column', 'type', 'missing', 'distinct', 'role'], colRows, useColor), '')
  const field = (k: string, v: string): string => `${k.padEnd(17)}${v}`
  if (r.textLength) lines.push(field('text length', `${int(r.textLength.min)}–${int(r.textLength.max)} characters, median ${int(r.textLength.median)}, mean ${int(Math.round(r.textLength.mean))}`))
  lines.push(field('duplicates', `${int(r.duplicates)}${r.labelColumn ? ` (${int(r.conflictingLabels)} with a different label)` : ''}`))
  if (r.nearDuplicates) {
    lines.push(field('near-duplicates', `${int(r.nearDuplicates.count)} more at Jaccard ≥ ${r.nearDuplicates.threshold} (character 5-grams)`))
    for (const e of r.nearDuplicates.examples.slice(0, 2)) {
      // Start where the two differ: near-duplicates share most of their text, often all of the first line.
      const from = Math.max(0, commonPrefix(e.text, e.twin) - 12)
      lines.push(`${' '.repeat(17)}${e.similarity.toFixed(2)}  ${quote(e.text.slice(from))}  ≈  ${quote(e.twin.slice(from))}`)
    }
  }
  if (r.pii) {
    const kinds = Object.entries(r.pii.found).map(([k, n]) => `${k} ${int(n)}`).join('  ')
    lines.push(field('PII found', `${kinds}  (in ${int(r.pii.rows)} rows)`))
  }
  if (r.balance) {
    const b = r.balance
    lines.push(field('class balance', b.classes.slice(0, 8).map((c) => `${c.label} ${int(c.count)} (${pct(c.share)})`).join('  ') + (b.classes.length > 8 ? `  … ${b.classes.length - 8} more` : '')))
    const verdict = b.skewed
      ? `SKEWED: largest/smallest = ${b.ratio.toFixed(1)} > ${b.threshold}; accuracy alone misleads (always guessing ${b.classes[0]?.label} scores ${pct(b.majorityShare)}): watch macro F1`
      : `largest/smallest = ${b.ratio.toFixed(1)} (≤ ${b.threshold}: not skewed); majority baseline ${pct(b.majorityShare)}`
    lines.push(`${' '.repeat(17)}${verdict}`)
    if (b.missing > 0) lines.push(`${' '.repeat(17)}${int(b.missing)} rows have no label`)
  }
  lines.push('', `use it in a sweep file:  dataset: ${d.name}`)
  return `${lines.join('\n')}\n`
}

function commonPrefix(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

function quote(s: string): string {
  return JSON.stringify(truncate(s.replace(/\s+/g, ' '), 40))
}
