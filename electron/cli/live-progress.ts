import { MultiBar } from 'cli-progress'
import type { TrialSummary } from '../../shared/api/types.ts'
import type { OutputStream } from './context.ts'
import { colorStatus, formatDuration, formatMetricPair } from './format.ts'
import type { SweepTracker } from './sweep-tracker.ts'
import { formatTrialEnd } from './trial-line.ts'
import { describeEta, estimateSweepEta } from '../../shared/eta.ts'

/** How run/resume report progress: a redrawn bar (terminal), a line per ended trial (pipes, CI), or nothing. */
export type ProgressMode = 'bar' | 'lines' | 'none'

export interface Progress {
  trialEnded(t: TrialSummary): void
  /** A message that must stay visible (printed above the bar). */
  note(line: string): void
  stop(): void
}

const BAR_WIDTH = 24
const SPINNER = ['|', '/', '-', '\\']
// Statuses a user must see as they happen even while the bar hides the routine completions.
const SHOWN_IN_BAR_MODE = new Set(['failed', 'crashed', 'diverged', 'timeout'])

/**
 * `err` takes the notes once `out` lost its reader (EPIPE): a note such as "killing running
 * trials now" must still reach the user, while trial lines and the bar are simply dropped.
 */
export function createProgress(
  mode: ProgressMode,
  opts: { out: OutputStream; err?: OutputStream; tracker: SweepTracker; useColor: boolean; now: () => number },
): Progress {
  const { out, tracker } = opts
  const noteClosed = (line: string): void => void opts.err?.write(`${line}\n`)
  if (mode === 'none') return { trialEnded() {}, note() {}, stop() {} }
  if (mode === 'lines') {
    return {
      trialEnded(t) {
        if (!out.closed) out.write(`${formatTrialEnd(t, tracker.sweep.metricName)}\n`)
      },
      note: (line) => (out.closed ? noteClosed(line) : void out.write(`${line}\n`)),
      stop() {},
    }
  }

  const startedAt = opts.now()
  const doneAtStart = tracker.sweep.done
  const render = (): string => renderBarLine(tracker, opts.now() - startedAt, doneAtStart, opts.now())
  // cli-progress decides "terminal or not" from stream.isTTY; the context already decided.
  const stream = { write: out.write.bind(out), isTTY: true, columns: out.columns }
  const bars = new MultiBar({ stream: stream as unknown as NodeJS.WritableStream, format: render, hideCursor: true, fps: 5 })
  bars.create(tracker.sweep.total ?? 0, tracker.sweep.done)
  let stopped = false
  const stop = (): void => {
    if (stopped) return
    stopped = true
    // MultiBar prints logged lines only on its next redraw, and stop() does not redraw first.
    bars.update()
    bars.stop()
  }
  return {
    trialEnded(t) {
      if (out.closed) return stop()
      if (SHOWN_IN_BAR_MODE.has(t.status)) bars.log(`${formatTrialEnd(t, tracker.sweep.metricName).replace(t.status, colorStatus(t.status, opts.useColor))}\n`)
    },
    note(line) {
      if (!out.closed) return bars.log(`${line}\n`)
      // Nothing redraws a bar nobody reads; its timer would only keep writing into the void.
      stop()
      noteClosed(line)
    },
    stop,
  }
}

/** `[█████░░░] 12/40 trials | 3 running | best val_loss=0.0312 | ETA 2m 10s`; a counter when unbounded. */
export function renderBarLine(tracker: SweepTracker, elapsedMs: number, doneAtStart: number, now: number): string {
  const { done, total, metricName } = tracker.sweep
  const best = tracker.best
  const tail = [`${tracker.running} running`]
  if (best) tail.push(`best ${formatMetricPair(metricName, best.value)}`)
  if (total === null) {
    const spin = SPINNER[Math.floor(now / 250) % SPINNER.length] ?? ''
    return [`${spin} ${done} trials done`, ...tail, `elapsed ${formatDuration(elapsedMs)}`].join(' | ')
  }
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : BAR_WIDTH
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`
  const finishedHere = done - doneAtStart
  if (done >= total) return [`${bar} ${done}/${total} trials`, ...tail, `took ${formatDuration(elapsedMs)}`].join(' | ')
  if (tracker.sweep.waiting) return [`${bar} ${done}/${total} trials`, ...tail, 'paused: low disk'].join(' | ')
  const projected = estimateSweepEta({ ...tracker.sweep, now })
  // Before the engine's first summary with timings, the rate seen here is better than nothing.
  const eta = projected.kind === 'estimate' || projected.kind === 'not-running'
    ? describeEta(projected)
    : finishedHere > 0 ? `~${formatDuration((elapsedMs / finishedHere) * (total - done))}` : '?'
  return [`${bar} ${done}/${total} trials`, ...tail, `ETA ${eta}`].join(' | ')
}
