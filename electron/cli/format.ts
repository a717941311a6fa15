import type { SweepStatus, TrialStatus } from '../../shared/status.ts'
import { formatParamText } from '../../shared/flatten-params.ts'

const SECOND_MS = 1000
const MINUTE_MS = 60 * SECOND_MS
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

/** `850ms`, `3.2s`, `1m 02s`, `1h 05m`, `2d 03h`; `-` for unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '-'
  if (ms < SECOND_MS) return `${Math.round(ms)}ms`
  if (ms < MINUTE_MS) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)}m ${pad2(Math.floor((ms % MINUTE_MS) / SECOND_MS))}s`
  if (ms < DAY_MS) return `${Math.floor(ms / HOUR_MS)}h ${pad2(Math.floor((ms % HOUR_MS) / MINUTE_MS))}m`
  return `${Math.floor(ms / DAY_MS)}d ${pad2(Math.floor((ms % DAY_MS) / HOUR_MS))}h`
}

/** `just now`, `5m ago`, `3h ago`, `2d ago`, then the date (`2026-01-02`) past 30 days. */
export function formatRelativeTime(then: number | null, now: number): string {
  if (then === null) return '-'
  const ago = now - then
  if (ago < 10 * SECOND_MS) return 'just now'
  if (ago < MINUTE_MS) return `${Math.floor(ago / SECOND_MS)}s ago`
  if (ago < HOUR_MS) return `${Math.floor(ago / MINUTE_MS)}m ago`
  if (ago < DAY_MS) return `${Math.floor(ago / HOUR_MS)}h ago`
  if (ago < 30 * DAY_MS) return `${Math.floor(ago / DAY_MS)}d ago`
  return new Date(then).toISOString().slice(0, 10)
}

/** A metric value with 4 significant digits (`0.03125`, `12350`, `1.235e-7`); `-` when missing. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-'
  if (!Number.isFinite(v)) return String(v)
  return String(Number(v.toPrecision(4)))
}

/**
 * A param value for a table cell, cut to `max` characters with an ellipsis. Sampled floats show
 * 4 significant digits, like metrics: the exact value is one `export` away.
 */
export function formatParamCell(v: unknown, max = 24): string {
  const text = typeof v === 'number' && !Number.isInteger(v) ? formatMetric(v) : formatParamText(v)
  return truncate(text.replace(/\s+/g, ' '), max)
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`
}

/** Colors only for a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function shouldUseColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && !env.NO_COLOR
}

const STATUS_COLOR: Record<TrialStatus | SweepStatus, number> = {
  queued: 90, running: 36, completed: 32, failed: 31, crashed: 31, diverged: 31,
  timeout: 33, cancelled: 33, interrupted: 33, pruned: 35, paused: 33,
}

export function colorStatus(status: TrialStatus | SweepStatus, useColor: boolean): string {
  return useColor ? `\u001b[${STATUS_COLOR[status]}m${status}\u001b[39m` : status
}

export function bold(s: string, useColor: boolean): string {
  return useColor ? `\u001b[1m${s}\u001b[22m` : s
}

export function dim(s: string, useColor: boolean): string {
  return useColor ? `\u001b[2m${s}\u001b[22m` : s
}

/** `val_loss=0.0312` (or just the value when the sweep has no metric name). */
export function formatMetricPair(name: string | null, v: number | null | undefined): string {
  return name ? `${name}=${formatMetric(v)}` : formatMetric(v)
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}
