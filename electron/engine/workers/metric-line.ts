import type { WorkerMetricRow } from './protocol.ts'

/** Turns the metric records a trial reports (JSON objects) into rows, keeping its own step counter. */
export interface MetricLineParser {
  /** Parses one JSON line; returns the rows, or an error message for a malformed line. */
  parseLine(line: string, now: number): { rows: WorkerMetricRow[]; nonFinite: string | null } | { error: string }
  /** Parses an already decoded record (built-in trainers report objects directly). */
  parseRecord(rec: Record<string, unknown>, now: number): { rows: WorkerMetricRow[]; nonFinite: string | null } | { error: string }
}

/** A bare NaN / Infinity / -Infinity token in value position (after `:`, `[` or `,`). */
const BARE_NON_FINITE = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, nan: Number.NaN, inf: Infinity, '-inf': -Infinity }

export function createMetricLineParser(): MetricLineParser {
  let autoStep = 0

  function parseRecord(rec: Record<string, unknown>, now: number) {
    let step: number
    if (rec.step === undefined || rec.step === null) {
      step = autoStep
    } else if (typeof rec.step === 'number' && Number.isSafeInteger(rec.step) && rec.step >= 0) {
      step = rec.step
    } else {
      return { error: `"step" must be a non-negative integer, got ${JSON.stringify(rec.step)}` }
    }
    autoStep = step + 1
    const time = typeof rec._time === 'number' && Number.isFinite(rec._time) ? rec._time : now
    const rows: WorkerMetricRow[] = []
    let nonFinite: string | null = null
    const visit = (prefix: string, obj: Record<string, unknown>): void => {
      for (const [key, raw] of Object.entries(obj)) {
        if (prefix === '' && (key === 'step' || key.startsWith('_'))) continue
        const name = prefix + key
        let value: number | undefined
        if (typeof raw === 'number') value = raw
        else if (typeof raw === 'boolean') value = raw ? 1 : 0
        else if (raw === null) value = Number.NaN
        else if (typeof raw === 'string' && raw in NON_FINITE) value = NON_FINITE[raw]
        else if (typeof raw === 'object' && !Array.isArray(raw)) {
          visit(`${name}.`, raw as Record<string, unknown>)
          continue
        }
        // Strings and lists are not metrics; skipping them keeps a chatty script from failing.
        if (value === undefined) continue
        if (!Number.isFinite(value) && nonFinite === null) nonFinite = `${name}=${String(value)} at step ${step}`
        rows.push([name, step, Number.isFinite(value) ? value : null, time])
      }
    }
    visit('', rec)
    return { rows, nonFinite }
  }

  return {
    parseRecord,
    parseLine(line, now) {
      let rec: unknown
      try {
        rec = JSON.parse(line)
      } catch (e) {
        // Python's json.dumps writes bare NaN / Infinity by default; read them as the non-finite values they are.
        const patched = line.replace(BARE_NON_FINITE, '$1"$2"')
        try {
          if (patched === line) throw e
          rec = JSON.parse(patched)
        } catch {
          return { error: `not JSON (${(e as Error).message}): ${line.slice(0, 200)}` }
        }
      }
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
        return { error: `expected a JSON object, got: ${line.slice(0, 200)}` }
      }
      return parseRecord(rec as Record<string, unknown>, now)
    },
  }
}
