import { setFlagsFromString } from 'node:v8'
import type { StdoutMetricSpec } from '../../../shared/sweep-spec.ts'
import type { WorkerMetricRow } from './protocol.ts'
import { analyzeStdoutPattern } from './stdout-pattern.ts'
import type { ValueGroup } from './stdout-pattern.ts'

/** A pattern reads at most this much of a line: metric lines are short, a progress bar without newlines is not. */
export const MAX_MATCHED_CHARS = 16_384

const NON_FINITE: Readonly<Record<string, number>> = {
  nan: Number.NaN, '+nan': Number.NaN, '-nan': Number.NaN,
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity,
}

export interface StdoutLineResult {
  rows: WorkerMetricRow[]
  nonFinite: string | null
  /** Matches that gave no number (or a bad step); the line still goes to the log. */
  errors: string[]
}

export interface StdoutMetricReader {
  read(line: string, stream: 'stdout' | 'stderr', now: number): StdoutLineResult | null
}

interface Compiled {
  re: RegExp
  stream: StdoutMetricSpec['stream']
  values: ValueGroup[]
  hasStep: boolean
}

let linearFallback = false
/**
 * V8 runs a regular expression that backtracks too much on its linear-time engine instead, so a
 * pattern such as (a+)+$ cannot hang the worker on a long line. Every accepted pattern qualifies:
 * the sweep-file check refuses lookarounds and backreferences, which that engine lacks, and no flags
 * are used. Set once, in the worker process, before the first pattern compiles.
 */
function enableLinearFallback(): void {
  if (linearFallback) return
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks')
  linearFallback = true
}

function parseValue(raw: string): number | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  const special = NON_FINITE[text.toLowerCase()]
  if (special !== undefined) return special
  const n = Number(text)
  return Number.isNaN(n) ? undefined : n
}

/**
 * Reads metrics from a command's output lines with the sweep's `stdout_metrics` patterns (validated
 * when the sweep was created). Steps come from a `step` group, else from a counter per metric.
 * Returns null for a line no pattern matched.
 */
export function createStdoutMetricReader(specs: ReadonlyArray<StdoutMetricSpec>): StdoutMetricReader | null {
  if (specs.length === 0) return null
  enableLinearFallback()
  const compiled: Compiled[] = specs.map((s) => {
    const a = analyzeStdoutPattern(s.pattern, s.name)
    if (!a.ok) throw new Error(`stdout_metrics: the pattern ${JSON.stringify(s.pattern)} ${a.message}`)
    return { re: new RegExp(s.pattern), stream: s.stream, values: a.values, hasStep: a.hasStep }
  })
  const nextStep = new Map<string, number>()
  return {
    read(line, stream, now) {
      const text = line.length > MAX_MATCHED_CHARS ? line.slice(0, MAX_MATCHED_CHARS) : line
      let result: StdoutLineResult | null = null
      for (const c of compiled) {
        if (c.stream !== 'both' && c.stream !== stream) continue
        const m = c.re.exec(text)
        if (!m) continue
        result ??= { rows: [], nonFinite: null, errors: [] }
        let step: number | null = null
        if (c.hasStep && m.groups?.step !== undefined) {
          const s = m.groups.step.trim()
          if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
            result.errors.push(`pattern ${c.re.source}: step group matched ${JSON.stringify(s.slice(0, 40))}, not a non-negative integer: ${line.slice(0, 200)}`)
            continue
          }
          step = Number(s)
        }
        for (const v of c.values) {
          const raw = typeof v.group === 'number' ? m[v.group] : m.groups?.[v.group]
          // A group inside an optional part that did not take part in the match: nothing to read.
          if (raw === undefined) continue
          const value = parseValue(raw)
          if (value === undefined) {
            result.errors.push(`pattern ${c.re.source}: ${v.metric} matched ${JSON.stringify(raw.slice(0, 40))}, not a number: ${line.slice(0, 200)}`)
            continue
          }
          const at = step ?? nextStep.get(v.metric) ?? 0
          nextStep.set(v.metric, at + 1)
          if (!Number.isFinite(value) && result.nonFinite === null) result.nonFinite = `${v.metric}=${String(value)} at step ${at}`
          result.rows.push([v.metric, at, Number.isFinite(value) ? value : null, now])
        }
      }
      return result
    },
  }
}
