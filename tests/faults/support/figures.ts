import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where each suite leaves its figures from the last run; docs/RELIABILITY.md cites these files. */
export const FIGURES_DIR = fileURLToPath(new URL('../output/', import.meta.url))

export type Figures = Readonly<Record<string, number | string | boolean>>

/**
 * Prints a suite's figures as an aligned block (CI logs show them) and writes them to
 * `tests/faults/output/<name>.json` with the time of the run.
 */
export function reportFigures(name: string, title: string, figures: Figures): string {
  mkdirSync(FIGURES_DIR, { recursive: true })
  const file = join(FIGURES_DIR, `${name}.json`)
  writeFileSync(file, JSON.stringify({ suite: name, title, ranAt: new Date().toISOString(), figures }, null, 2) + '\n')
  const width = Math.max(...Object.keys(figures).map((k) => k.length))
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}`)
  process.stdout.write(`\n── ${title} ──\n${lines.join('\n')}\n  (saved to ${file})\n`)
  return file
}
