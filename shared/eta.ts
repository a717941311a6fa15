import type { SweepTiming } from './api/types.ts'

/** The projected finish of a running sweep, or why there is none. */
export type SweepEta =
  | { kind: 'not-running' }
  | { kind: 'unbounded' }
  | { kind: 'unknown'; reason: string }
  | {
      kind: 'estimate'
      /** Epoch ms. */
      finishAt: number
      remainingMs: number
      /** 90% band of remainingMs, from the spread of the durations so far. */
      lowMs: number
      highMs: number
      /** Finished trials the estimate rests on. */
      basedOn: number
    }

export interface EtaInput {
  status: string
  /** Trials the sweep runs in all; null when unbounded (random without run_cap). */
  total: number | null
  /** Configs that reached a final state. */
  done: number
  timing: SweepTiming
  now: number
}

/** z of a two-sided 90% band. */
const Z90 = 1.645

/**
 * A running sweep's finish time from the durations of its finished trials. Each running trial is
 * expected to take the mean duration (at least what it has run already counts), the trials not yet
 * started are spread over `concurrency` lanes, and the sweep ends when the last lane does:
 * `max((Σ residuals of running + remaining × mean) / lanes, largest residual)`. The band adds the
 * spread of one trial's duration summed over the remaining trials (√k·sd) and the uncertainty of
 * the mean itself (k·sd/√n), divided by the lanes; with one finished trial the spread is taken as
 * its mean. Pure: the renderer and the CLI call it with their own clock.
 */
export function estimateSweepEta(input: EtaInput): SweepEta {
  const { status, total, done, timing, now } = input
  if (status !== 'running') return { kind: 'not-running' }
  if (total === null) return { kind: 'unbounded' }
  const running = timing.runningSince.length
  const toStart = Math.max(0, total - done - running)
  if (toStart === 0 && running === 0) return { kind: 'estimate', finishAt: now, remainingMs: 0, lowMs: 0, highMs: 0, basedOn: timing.finished }
  const mean = timing.meanMs
  if (timing.finished === 0 || mean === null) return { kind: 'unknown', reason: 'no trial has finished yet' }
  const sd = timing.sdMs ?? mean
  const residuals = timing.runningSince.map((since) => Math.max(0, mean - Math.max(0, now - since)))
  const lanes = Math.max(1, Math.min(timing.concurrency, toStart + running))
  const work = residuals.reduce((a, b) => a + b, 0) + toStart * mean
  const longest = residuals.length ? Math.max(...residuals) : 0
  const remainingMs = Math.max(work / lanes, longest, toStart > 0 ? mean : 0)
  const k = toStart + running
  const spread = (Z90 * Math.sqrt(k * sd * sd + (k * sd) ** 2 / timing.finished)) / lanes
  return {
    kind: 'estimate',
    finishAt: now + remainingMs,
    remainingMs,
    lowMs: Math.max(longest, remainingMs - spread),
    highMs: remainingMs + spread,
    basedOn: timing.finished,
  }
}

/** 45_000 → `45s`, 750_000 → `12m 30s`, 7_500_000 → `2h 5m`, days → `3d 4h`. */
export function formatEtaDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`
}

/**
 * One line for a header or a progress bar: `~12m (8m–17m)`, `no end (random search without
 * run_cap)`, `? (no trial has finished yet)`; `short` drops the reasons (a table column).
 */
export function describeEta(eta: SweepEta, opts: { short?: boolean } = {}): string {
  switch (eta.kind) {
    case 'not-running':
      return '-'
    case 'unbounded':
      return opts.short ? 'no end' : 'no end (random search without run_cap)'
    case 'unknown':
      return opts.short ? '?' : `? (${eta.reason})`
    case 'estimate':
      if (eta.remainingMs === 0) return 'finishing'
      return `~${formatEtaDuration(eta.remainingMs)} (${formatEtaDuration(eta.lowMs)}–${formatEtaDuration(eta.highMs)})`
  }
}
