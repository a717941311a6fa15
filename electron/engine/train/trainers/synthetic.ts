import { normal, trainRng } from '../random.ts'
import type { PreparedTabular, TabularSplit } from './tabular-data.ts'

/**
 * Seeded synthetic tabular sets for tests, examples and benches: Gaussian blobs (classification)
 * and a noisy linear target (regression), already split train/val/test 70/15/15.
 */
function split(n: number, features: number, fill: (x: Float32Array, i: number) => number, classification: boolean): TabularSplit {
  const x = new Float32Array(n * features)
  const y = classification ? new Int32Array(n) : new Float32Array(n)
  for (let i = 0; i < n; i++) y[i] = fill(x.subarray(i * features, (i + 1) * features), i)
  return { n, x, y }
}

function sizes(n: number): [number, number, number] {
  const train = Math.round(n * 0.7)
  const val = Math.round(n * 0.15)
  return [train, val, n - train - val]
}

/**
 * `classes` blobs with centres drawn in [-spread, spread]^features and unit noise, imbalanced on
 * purpose (class c has weight c + 1) so a majority-class baseline is not 1/classes.
 */
export function gaussianBlobs(opts: { seed: number; n: number; features: number; classes: number; spread?: number }): PreparedTabular {
  const rng = trainRng(opts.seed, 100)
  const spread = opts.spread ?? 2
  const centres = Array.from({ length: opts.classes }, () => Array.from({ length: opts.features }, () => (rng.next() * 2 - 1) * spread))
  const weights = centres.map((_, c) => c + 1)
  const total = weights.reduce((a, b) => a + b, 0)
  const draw = (x: Float32Array) => {
    let u = rng.next() * total
    let c = 0
    while (u >= weights[c]!) u -= weights[c++]!
    for (let j = 0; j < x.length; j++) x[j] = centres[c]![j]! + normal(rng)
    return c
  }
  const [a, b, c] = sizes(opts.n)
  return {
    task: 'classification',
    numFeatures: opts.features,
    featureNames: Array.from({ length: opts.features }, (_, j) => `x${j}`),
    classNames: centres.map((_, k) => `class_${k}`),
    train: split(a, opts.features, draw, true),
    val: split(b, opts.features, draw, true),
    test: split(c, opts.features, draw, true),
  }
}

/** y = w·x + b + noise·N(0,1), x ~ N(0,1): the best possible r2 is var(w·x) / (var(w·x) + noise²). */
export function noisyLinear(opts: { seed: number; n: number; features: number; noise: number }): PreparedTabular & { weights: number[] } {
  const rng = trainRng(opts.seed, 101)
  const w = Array.from({ length: opts.features }, () => normal(rng) * 3)
  const bias = 5
  const draw = (x: Float32Array) => {
    let y = bias
    for (let j = 0; j < x.length; j++) {
      x[j] = normal(rng)
      y += w[j]! * x[j]!
    }
    return y + opts.noise * normal(rng)
  }
  const [a, b, c] = sizes(opts.n)
  return {
    task: 'regression',
    numFeatures: opts.features,
    featureNames: Array.from({ length: opts.features }, (_, j) => `x${j}`),
    numTargets: 1,
    train: split(a, opts.features, draw, false),
    val: split(b, opts.features, draw, false),
    test: split(c, opts.features, draw, false),
    weights: w,
  }
}

/** Share of the most frequent class: the accuracy of always predicting it. */
export function majorityRate(labels: ArrayLike<number>): number {
  const counts = new Map<number, number>()
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1)
  return Math.max(...counts.values()) / labels.length
}
