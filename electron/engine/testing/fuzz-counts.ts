import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Test support: where the property-based suites record how many inputs they fuzzed, so
 * docs/RELIABILITY.md can cite measured totals instead of claims.
 */
export const FUZZ_COUNTS_FILE = join(fileURLToPath(new URL('../../../', import.meta.url)), 'tests', 'faults', 'output', 'fuzz-counts.json')

export interface FuzzCounts {
  /** Inputs fuzzed per suite, then per property. */
  suites: Record<string, { inputs: number; properties: Record<string, number>; recordedAt: string }>
  total: number
}

/**
 * Merges one suite's counts into the file (other suites' entries kept) and prints them. A partial run
 * (`vitest -t`, a failure before some property ran) lacks one of `expected` and is printed, not recorded.
 * Suites run in parallel vitest workers: the write goes through a rename so a reader never sees half a file,
 * and is re-checked once because two suites finishing together could each overwrite the other's entry.
 */
export function recordFuzzCounts(suite: string, properties: Readonly<Record<string, number>>, expected: ReadonlyArray<string>, file = FUZZ_COUNTS_FILE): FuzzCounts | undefined {
  const inputs = Object.values(properties).reduce((a, b) => a + b, 0)
  const entry = { inputs, properties: { ...properties }, recordedAt: new Date().toISOString() }
  const missing = expected.filter((p) => !properties[p])
  console.log(`[fuzz] ${suite}: ${inputs} inputs (${Object.entries(properties).map(([k, v]) => `${k} ${v}`).join(', ')})${missing.length > 0 ? `; partial run (no ${missing.join(', ')}), not recorded` : ''}`)
  if (missing.length > 0) return undefined
  let counts = writeEntry(file, suite, entry)
  if (readCounts(file).suites[suite]?.recordedAt !== entry.recordedAt) counts = writeEntry(file, suite, entry)
  return counts
}

function writeEntry(file: string, suite: string, entry: FuzzCounts['suites'][string]): FuzzCounts {
  const counts = readCounts(file)
  counts.suites[suite] = entry
  counts.total = Object.values(counts.suites).reduce((a, s) => a + s.inputs, 0)
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(counts, null, 2)}\n`)
  renameSync(tmp, file)
  return counts
}

function readCounts(file: string): FuzzCounts {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FuzzCounts>
    if (typeof parsed.suites === 'object' && parsed.suites !== null) return { suites: parsed.suites, total: 0 }
  } catch {
    // Missing or damaged: the counts are rebuilt from the suites that run next.
  }
  return { suites: {}, total: 0 }
}
