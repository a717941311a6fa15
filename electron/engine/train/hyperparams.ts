import type { BackendName } from './param-specs.ts'
import { isBackendName } from './param-specs.ts'
import type { OptimizerConfig, OptimizerKind } from './optimizers.ts'
import { createSchedule, parseScheduleKind } from './schedules.ts'
import type { Schedule } from './schedules.ts'
import { coerceParam } from './param-specs.ts'
import type { ParamSpec } from './param-specs.ts'

// The specs live in param-specs.ts (TF.js-free, so the engine can check sweep files); re-exported
// here so the trainers' existing imports keep working.
export { COMMON_PARAMS } from './param-specs.ts'
export type { ParamDef, ParamKind, ParamSpec } from './param-specs.ts'

/**
 * Checks params against a spec (unknown names, types, ranges) and fills defaults. Throws an error
 * naming the trainer and its accepted list.
 */
export function parseParams(trainer: string, params: Record<string, unknown>, spec: ParamSpec): Record<string, unknown> {
  const unknown = Object.keys(params).filter((k) => !Object.hasOwn(spec, k))
  if (unknown.length) {
    throw new Error(`${trainer}: unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; ${trainer} accepts ${Object.keys(spec).sort().join(', ')}`)
  }
  const out: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(spec)) {
    const v = params[name]
    if (v === undefined || v === null) {
      if (def.default !== undefined) out[name] = def.default
      continue
    }
    out[name] = coerceParam(name, def, v, trainer)
  }
  return out
}

export function optimizerConfigFromParams(p: Record<string, unknown>): OptimizerConfig {
  return {
    kind: p.optimizer as OptimizerKind,
    learningRate: p.learning_rate as number,
    momentum: (p.momentum as number | undefined) ?? 0,
    nesterov: (p.nesterov as boolean | undefined) ?? false,
    beta1: (p.beta1 as number | undefined) ?? 0.9,
    beta2: (p.beta2 as number | undefined) ?? 0.999,
    weightDecay: (p.weight_decay as number | undefined) ?? 0,
    l2: (p.l2 as number | undefined) ?? 0,
    clipNorm: (p.clip_norm as number | undefined) ?? 0,
  }
}

export function scheduleFromParams(p: Record<string, unknown>, totalSteps: number): Schedule {
  const cfg = {
    kind: parseScheduleKind(p.schedule),
    learningRate: p.learning_rate as number,
    totalSteps,
    warmupFraction: (p.warmup_fraction as number | undefined) ?? 0.1,
    minFraction: (p.min_lr_fraction as number | undefined) ?? 0,
  }
  return createSchedule(p.warmup_steps === undefined ? cfg : { ...cfg, warmupSteps: p.warmup_steps as number })
}

export function backendPinFromParams(p: Record<string, unknown>): BackendName | undefined {
  return isBackendName(p.backend) ? p.backend : undefined
}

/** Early stopping on val_loss (or `metric`): stop after `patience` epochs without improvement. */
export function createEarlyStopper(patience: number, metric = 'val_loss', mode: 'min' | 'max' = 'min'): (rec: Record<string, number>) => boolean {
  let best = mode === 'min' ? Infinity : -Infinity
  let since = 0
  return (rec) => {
    if (patience <= 0) return false
    const v = rec[metric]
    if (v === undefined || !Number.isFinite(v)) return false
    if (mode === 'min' ? v < best : v > best) {
      best = v
      since = 0
      return false
    }
    since++
    return since >= patience
  }
}
