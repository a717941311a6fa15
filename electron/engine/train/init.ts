import * as tf from '@tensorflow/tfjs'
import { normal } from './random.ts'
import type { Rng } from './random.ts'

/**
 * Seeded weight initializers, computed in JS on typed arrays so that the same seed gives the same
 * weights on every backend (TF.js's own initializers draw from the backend, which is not reproducible
 * across backends).
 */
export type InitKind = 'glorot-uniform' | 'glorot-normal' | 'he-uniform' | 'he-normal' | 'zeros' | 'normal'

export interface InitOptions {
  /** Standard deviation for 'normal' (0.02, GPT-2's choice, by default). */
  std?: number
}

/** Fills a fanIn × fanOut matrix (row-major, the layout of a TF.js dense kernel). */
export function initArray(rng: Rng, kind: InitKind, fanIn: number, fanOut: number, opts: InitOptions = {}): Float32Array {
  const n = fanIn * fanOut
  const out = new Float32Array(n)
  switch (kind) {
    case 'zeros':
      return out
    case 'glorot-uniform':
    case 'he-uniform': {
      // Uniform(-a, a) has variance a²/3: Glorot's 2/(in+out) gives a = √(6/(in+out)), He's 2/in gives a = √(6/in).
      const a = kind === 'glorot-uniform' ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn)
      for (let i = 0; i < n; i++) out[i] = (2 * rng.next() - 1) * a
      return out
    }
    case 'glorot-normal':
    case 'he-normal': {
      const std = kind === 'glorot-normal' ? Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(2 / fanIn)
      for (let i = 0; i < n; i++) out[i] = normal(rng) * std
      return out
    }
    case 'normal': {
      const std = opts.std ?? 0.02
      for (let i = 0; i < n; i++) out[i] = normal(rng) * std
      return out
    }
  }
}

/** A trainable variable initialized from `rng`; `shape` is [fanIn, fanOut] or [n] (bias, fanIn = 1). */
export function initVariable(rng: Rng, kind: InitKind, shape: readonly number[], name?: string, opts: InitOptions = {}): tf.Variable {
  const fanOut = shape[shape.length - 1] ?? 1
  const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : 1
  const values = initArray(rng, kind, fanIn, fanOut, opts)
  // tf.variable keeps its own reference to the data; the initial tensor must be disposed or it leaks.
  const t = tf.tensor(values, [...shape], 'float32')
  const v = tf.variable(t, true, name)
  t.dispose()
  return v
}

/**
 * Recommended init for an activation: He for ReLU-like units (keeps activation variance ≈ 1 through
 * depth), Glorot otherwise.
 */
export function initFor(activation: string): InitKind {
  return activation === 'relu' || activation === 'elu' || activation === 'gelu' ? 'he-uniform' : 'glorot-uniform'
}
