// The sweep-file parameter specs of the built-in trainers. This module must stay free of TF.js
// (no value import that reaches @tensorflow, directly or transitively): the engine's main process
// imports it to refuse a bad sweep file at creation, and TF.js is loaded only by trial workers.
// param-specs.test.ts walks this module's imports to keep it that way.
import type { LanguageModelConfig } from './models/language-model.ts'

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

/**
 * The TF.js backends a trainer can be pinned to. `webgpu` and `webgl` exist only in a browser GPU
 * worker (a Chromium page); the rest load in a Node worker process, and `wasm`/`cpu` in both.
 */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'] as const

export type BackendName = (typeof BACKEND_NAMES)[number]

/** What a Node worker tries, fastest first (backend.ts). */
export const NODE_BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']

/** What a browser GPU worker's page tries, fastest first (on a real GPU; workers/browser/page). */
export const BROWSER_BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu']

/** Backends only a browser GPU worker has: pinning one routes the trial to such a worker. */
export const BROWSER_ONLY_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl']

export function isBackendName(v: unknown): v is BackendName {
  return typeof v === 'string' && (BACKEND_NAMES as readonly string[]).includes(v)
}

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
  backend: { kind: 'string', values: BACKEND_NAMES },
  save: { kind: 'string', default: 'none', values: ['best', 'last', 'none'] },
  early_stop_patience: { kind: 'int', default: 0, min: 0, help: 'epochs without val_loss improvement before stopping (0 = off)' },
}

/**
 * `tabular`: an MLP for classification (softmax cross-entropy) or regression (MSE) on encoded CSV
 * columns.
 */
export const TABULAR_PARAMS: ParamSpec = {
  ...COMMON_PARAMS,
  hidden: { kind: 'int-list', default: [64, 64], help: 'hidden layer sizes, e.g. [128, 128]' },
  hidden_size: { kind: 'int', min: 1, help: 'with `layers`: that many hidden layers of this size (instead of `hidden`)' },
  layers: { kind: 'int', min: 0, max: 32 },
  activation: { kind: 'string', default: 'relu', values: ['relu', 'elu', 'tanh', 'sigmoid', 'linear'] },
}

/**
 * `text-classifier`: token embedding → mean pooling (or a small transformer encoder, `arch:
 * transformer`) → dense → softmax.
 */
export const TEXT_CLASSIFIER_PARAMS: ParamSpec = {
  ...COMMON_PARAMS,
  arch: { kind: 'string', default: 'bow', values: ['bow', 'transformer'], help: 'bag-of-words mean pooling, or a transformer encoder' },
  embedding: { kind: 'int', default: 64, min: 1, help: 'embedding width (bow); d_model for the transformer unless d_model is given' },
  d_model: { kind: 'int', min: 1, help: 'transformer width (alias of embedding)' },
  hidden: { kind: 'int', default: 64, min: 0, help: 'dense layer of the head (0 = none)' },
  layers: { kind: 'int', default: 2, min: 1, max: 24, help: 'transformer blocks' },
  heads: { kind: 'int', default: 4, min: 1 },
  ff: { kind: 'int', default: 256, min: 1, help: 'transformer feed-forward width' },
}

/** The language model's shape defaults (the sweep-file defaults below come from them). */
export const LM_DEFAULTS: Omit<LanguageModelConfig, 'vocabSize' | 'seed'> = {
  context: 64,
  dModel: 64,
  layers: 2,
  heads: 4,
  ff: 256,
  dropout: 0,
  tied: true,
}

/** `language-model`: a small decoder-only transformer pre-trained by next-token prediction. */
export const LANGUAGE_MODEL_PARAMS: ParamSpec = {
  ...COMMON_PARAMS,
  batch_size: { ...COMMON_PARAMS.batch_size!, default: 32 },
  d_model: { kind: 'int', default: LM_DEFAULTS.dModel, min: 1 },
  layers: { kind: 'int', default: LM_DEFAULTS.layers, min: 1, max: 24 },
  heads: { kind: 'int', default: LM_DEFAULTS.heads, min: 1 },
  ff: { kind: 'int', default: LM_DEFAULTS.ff, min: 1 },
  context: { kind: 'int', default: LM_DEFAULTS.context, min: 2, max: 2048 },
  tied: { kind: 'bool', default: true, help: 'output projection shares the token embedding' },
  samples: { kind: 'int', default: 3, min: 0, max: 50, help: 'generated samples stored at the end' },
  sample_length: { kind: 'int', default: 200, min: 1, max: 4096 },
  temperature: { kind: 'number', default: 0.8, min: 0 },
  top_k: { kind: 'int', default: 0, min: 0 },
  prompt: { kind: 'string', help: 'prompt for the samples (default: the start of the validation text)' },
}

/** `finetune`: a classification head on a pre-trained `language-model` trial's weights. */
export const FINETUNE_PARAMS: ParamSpec = {
  ...COMMON_PARAMS,
  init_from: { kind: 'string', help: '<sweep>/<trial> or best: the language-model trial whose weights to start from' },
  freeze_base: { kind: 'bool', default: false, help: 'train the head only' },
  hidden: { kind: 'int', default: 64, min: 0, help: 'dense layer of the head (0 = none)' },
}

export type SpecTrainer = 'tabular' | 'text-classifier' | 'language-model' | 'finetune'

/** Each built-in data trainer's spec, for checking a sweep file before any worker starts. */
export const TRAINER_PARAMS: Record<SpecTrainer, ParamSpec> = {
  tabular: TABULAR_PARAMS,
  'text-classifier': TEXT_CLASSIFIER_PARAMS,
  'language-model': LANGUAGE_MODEL_PARAMS,
  finetune: FINETUNE_PARAMS,
}

/** The spec of a trainer, or undefined for one without (noop, a command). */
export function trainerParamSpec(trainer: string): ParamSpec | undefined {
  return Object.hasOwn(TRAINER_PARAMS, trainer) ? TRAINER_PARAMS[trainer as SpecTrainer] : undefined
}

/** Null when `trainer` accepts every name (or has no spec), else a message naming the unknown ones and the accepted list. */
export function checkTrainerParamNames(trainer: string, names: readonly string[]): string | null {
  const spec = trainerParamSpec(trainer)
  if (!spec) return null
  const unknown = names.filter((n) => !Object.hasOwn(spec, n))
  if (!unknown.length) return null
  const list = unknown.map((n) => `"${n}"`).join(', ')
  return `trainer "${trainer}" has no parameter${unknown.length > 1 ? 's' : ''} ${list}; accepted: ${Object.keys(spec).sort().join(', ')}`
}

/**
 * One value checked against its definition (type, range, allowed strings) and converted (numeric
 * strings, 'true'/'false'). Throws an error naming the trainer, the parameter and the value.
 */
export function coerceParam(name: string, def: ParamDef, v: unknown, trainer: string): unknown {
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
 * Null when each literal value a sweep gives `name` (its `value`, or each of its `values`) is one
 * the trainer accepts, else the first problem. Null/absent values mean "the default" to the trainer,
 * so they pass, as do unknown names (checkTrainerParamNames reports those).
 */
export function checkTrainerParamValues(trainer: string, name: string, literals: readonly unknown[]): string | null {
  const spec = trainerParamSpec(trainer)
  if (!spec || !Object.hasOwn(spec, name)) return null
  const def = spec[name]!
  for (const v of literals) {
    if (v === undefined || v === null) continue
    try {
      coerceParam(name, def, v, `trainer "${trainer}"`)
    } catch (e) {
      return (e as Error).message
    }
  }
  return null
}
