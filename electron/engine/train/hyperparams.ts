import type { BackendName } from './backend.ts'
import { isBackendName } from './backend.ts'
import type { OptimizerConfig, OptimizerKind } from './optimizers.ts'
import { createSchedule, parseScheduleKind } from './schedules.ts'
import type { Schedule } from './schedules.ts'

/**
 * Sweep-file hyperparameters shared by the built-in trainers. Every trainer validates its params
 * against a spec; an unknown name is an error that lists the trainer's accepted names.
 */
export type ParamKind = 'number' | 'int' | 'bool' | 'string' | 'int-list'

export interface ParamDef {
  kind: ParamKind
  default?: unknown
  /** Allowed strings (for 'string'). */
  values?: readonly string[]
  min?: number
  max?: number
  help?: string
}

export type ParamSpec = Record<string, ParamDef>

export const COMMON_PARAMS: ParamSpec = {
  learning_rate: { kind: 'number', default: 1e-3, min: 0, help: 'peak learning rate' },
  batch_size: { kind: 'int', default: 64, min: 1 },
  epochs: { kind: 'int', default: 10, min: 1 },
  optimizer: { kind: 'string', default: 'adam', values: ['sgd', 'adam', 'adamw'] },
  momentum: { kind: 'number', default: 0, min: 0, max: 1, help: 'sgd only' },
  nesterov: { kind: 'bool', default: false },
  weight_decay: { kind: 'number', default: 0, min: 0, help: 'decoupled for adamw, L2 for sgd/adam' },
  l2: { kind: 'number', default: 0, min: 0, help: 'explicit L2 penalty for any optimizer' },
  clip_norm: { kind: 'number', default: 0, min: 0, help: 'global gradient-norm clip (0 = off)' },
  beta1: { kind: 'number', default: 0.9, min: 0, max: 1 },
  beta2: { kind: 'number', default: 0.999, min: 0, max: 1 },
  schedule: { kind: 'string', default: 'constant', values: ['constant', 'cosine', 'warmup_cosine', 'warmup_constant', 'linear', 'warmup-cosine', 'warmup-constant', 'warmup'] },
  warmup_steps: { kind: 'int', min: 0 },
  warmup_fraction: { kind: 'number', default: 0.1, min: 0, max: 1 },
  min_lr_fraction: { kind: 'number', default: 0, min: 0, max: 1 },
  dropout: { kind: 'number', default: 0, min: 0, max: 0.95 },
  seed: { kind: 'int', help: 'overrides the trial seed' },
  backend: { kind: 'string', values: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] },
  save: { kind: 'string', default: 'none', values: ['best', 'last', 'none'] },
  early_stop_patience: { kind: 'int', default: 0, min: 0, help: 'epochs without val_loss improvement before stopping (0 = off)' },
}

function coerce(name: string, def: ParamDef, v: unknown, trainer: string): unknown {
  const bad = (what: string) => new Error(`${trainer}: parameter "${name}" ${what}, got ${JSON.stringify(v)}`)
  switch (def.kind) {
    case 'number':
    case 'int': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('must be a number')
      if (def.kind === 'int' && !Number.isInteger(n)) throw bad('must be an integer')
      if (def.min !== undefined && n < def.min) throw bad(`must be ≥ ${def.min}`)
      if (def.max !== undefined && n > def.max) throw bad(`must be ≤ ${def.max}`)
      return n
    }
    case 'bool':
      if (typeof v === 'boolean') return v
      if (v === 'true' || v === 1) return true
      if (v === 'false' || v === 0) return false
      throw bad('must be true or false')
    case 'string': {
      if (typeof v !== 'string') throw bad('must be a string')
      if (def.values && !def.values.includes(v)) throw bad(`must be one of ${def.values.join(', ')}`)
      return v
    }
    case 'int-list': {
      const list = typeof v === 'number' ? [v] : typeof v === 'string' ? v.split(/[ ,x]+/).filter(Boolean).map(Number) : v
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 1)) throw bad('must be a list of positive integers')
      return list
    }
  }
}

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
    out[name] = coerce(name, def, v, trainer)
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
