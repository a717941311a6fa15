/**
 * Learning-rate schedules as pure functions of the step (0-based optimizer steps), so a resumed or
 * repeated run sees the same rates.
 */
export type ScheduleKind = 'constant' | 'cosine' | 'warmup-cosine' | 'warmup-constant' | 'linear'

export interface ScheduleConfig {
  kind: ScheduleKind
  /** Peak learning rate. */
  learningRate: number
  /** Total optimizer steps of the run (cosine and linear decay reach their end there). */
  totalSteps: number
  /** Warm-up steps (linear ramp from 0 to the peak); `warmupFraction` of totalSteps when not given. */
  warmupSteps?: number
  warmupFraction?: number
  /** Floor of the decay, as a fraction of the peak (0 by default). */
  minFraction?: number
}

export type Schedule = (step: number) => number

/** Accepts the sweep-file spellings ('warmup_cosine', 'warmup+cosine') as well as the kebab-case ones. */
export function parseScheduleKind(v: unknown): ScheduleKind {
  const s = String(v ?? 'constant').toLowerCase().replace(/[_+ ]/g, '-')
  const known: ScheduleKind[] = ['constant', 'cosine', 'warmup-cosine', 'warmup-constant', 'linear']
  if (s === 'warmup') return 'warmup-constant'
  if ((known as string[]).includes(s)) return s as ScheduleKind
  throw new Error(`unknown learning-rate schedule "${String(v)}"; expected one of ${known.join(', ')}`)
}

export function createSchedule(cfg: ScheduleConfig): Schedule {
  const peak = cfg.learningRate
  const total = Math.max(1, Math.floor(cfg.totalSteps))
  const hasWarmup = cfg.kind === 'warmup-cosine' || cfg.kind === 'warmup-constant'
  const warm = hasWarmup ? Math.min(total, Math.max(0, Math.round(cfg.warmupSteps ?? (cfg.warmupFraction ?? 0.1) * total))) : 0
  const floor = peak * (cfg.minFraction ?? 0)
  const decaySteps = Math.max(1, total - warm)
  return (step) => {
    // (step + 1) / warm: the first step already trains at a non-zero rate, the last warm-up step at the peak.
    if (step < warm) return (peak * (step + 1)) / warm
    const t = Math.min(1, (step - warm) / decaySteps)
    switch (cfg.kind) {
      case 'constant':
      case 'warmup-constant':
        return peak
      case 'cosine':
      case 'warmup-cosine':
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * t))
      case 'linear':
        return floor + (peak - floor) * (1 - t)
    }
  }
}
