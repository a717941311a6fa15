import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from './backend.ts'
import type { BackendName } from './backend.ts'
import { createOptimizer } from './optimizers.ts'
import type { OptimizerConfig } from './optimizers.ts'

/** PyTorch's update rules in float64, for one flat parameter vector per tensor. */
function reference(cfg: Required<Omit<OptimizerConfig, 'decayMask'>>, p0: number[][], grads: number[][][], lrs: number[], decay: boolean[]): number[][] {
  const p = p0.map((x) => [...x])
  const s1 = p0.map((x) => x.map(() => 0))
  const s2 = p0.map((x) => x.map(() => 0))
  grads.forEach((gStep, t0) => {
    const t = t0 + 1
    const lr = lrs[t0]!
    const norm = Math.sqrt(gStep.flat().reduce((a, g) => a + g * g, 0))
    const clip = cfg.clipNorm > 0 && norm > cfg.clipNorm ? cfg.clipNorm / norm : 1
    p.forEach((pk, k) => {
      const l2 = (decay[k] && cfg.kind !== 'adamw' ? cfg.weightDecay : 0) + (decay[k] ? cfg.l2 : 0)
      pk.forEach((pi, i) => {
        let g = gStep[k]![i]! * clip + l2 * pi
        if (cfg.kind === 'sgd') {
          if (cfg.momentum > 0) {
            const b = t === 1 ? g : cfg.momentum * s1[k]![i]! + g
            s1[k]![i] = b
            g = cfg.nesterov ? g + cfg.momentum * b : b
          }
          pk[i] = pi - lr * g
        } else {
          const m = cfg.beta1 * s1[k]![i]! + (1 - cfg.beta1) * g
          const v = cfg.beta2 * s2[k]![i]! + (1 - cfg.beta2) * g * g
          s1[k]![i] = m
          s2[k]![i] = v
          const base = cfg.kind === 'adamw' && decay[k] ? pi * (1 - lr * cfg.weightDecay) : pi
          pk[i] = base - (lr * (m / (1 - cfg.beta1 ** t))) / (Math.sqrt(v / (1 - cfg.beta2 ** t)) + cfg.epsilon)
        }
      })
    })
  })
  return p
}

const P0 = [
  [0.5, -1, 2, 0.25, -0.75, 1.5],
  [0.1, -0.2, 0.3],
]
const GRADS = [
  [[1, -2, 0.5, 0.1, 3, -1], [0.2, 0.4, -0.6]],
  [[-0.5, 1, 2, -3, 0.5, 0.25], [1, -1, 0.5]],
  [[0.3, 0.3, -0.3, 1, -1, 2], [-0.2, 0.1, 0]],
]
const LRS = [0.1, 0.05, 0.02]

const CASES: Array<[string, OptimizerConfig]> = [
  ['sgd', { kind: 'sgd', learningRate: 0.1 }],
  ['sgd + momentum', { kind: 'sgd', learningRate: 0.1, momentum: 0.9 }],
  ['sgd + nesterov + weight decay (L2)', { kind: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
  ['adam', { kind: 'adam', learningRate: 0.1 }],
  ['adam + L2 + clipping', { kind: 'adam', learningRate: 0.1, l2: 0.05, clipNorm: 1 }],
  ['adamw (decoupled decay)', { kind: 'adamw', learningRate: 0.1, weightDecay: 0.1 }],
]

/** A variable that owns its data (the initial tensor disposed). */
function variable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t)
  t.dispose()
  return v
}

function full(cfg: OptimizerConfig): Required<Omit<OptimizerConfig, 'decayMask'>> {
  return { momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, l2: 0, clipNorm: 0, ...cfg }
}

describe.each<[BackendName, 'fused' | 'ops']>([
  ['cpu', 'fused'],
  ['cpu', 'ops'],
  ['wasm', 'fused'],
])('optimizers on %s (%s update) match PyTorch’s rules', (backend, implementation) => {
  beforeAll(async () => {
    await selectBackend({ pin: backend })
  })

  it.each(CASES)('%s', (_name, cfg) => {
    const params = [variable(tf.tensor2d(P0[0]!, [2, 3])), variable(tf.tensor1d(P0[1]!))]
    const opt = createOptimizer(params, cfg, { implementation })
    GRADS.forEach((g, t) => {
      const gt = [tf.tensor2d(g[0]!, [2, 3]), tf.tensor1d(g[1]!)]
      opt.step(gt, LRS[t])
      gt.forEach((x) => x.dispose())
    })
    // Decay applies to rank ≥ 2 parameters only, by default.
    const want = reference(full(cfg), P0, GRADS, LRS, [true, false])
    const got = params.map((p) => Array.from(p.dataSync()))
    for (let k = 0; k < 2; k++) for (let i = 0; i < want[k]!.length; i++) expect(got[k]![i]).toBeCloseTo(want[k]![i]!, 5)
    expect(opt.iterations).toBe(3)
    expect(opt.lastGradNorm).toBeCloseTo(Math.sqrt(GRADS[2]!.flat().reduce((a, x) => a + x * x, 0)), 5)
    opt.dispose()
    params.forEach((p) => p.dispose())
  })

  it('frees its slots on dispose (no tensors left behind)', () => {
    const before = tf.memory().numTensors
    const params = [variable(tf.zeros([4, 4])), variable(tf.zeros([4]))]
    const opt = createOptimizer(params, { kind: 'adam', learningRate: 0.01 }, { implementation })
    const g = [tf.ones([4, 4]), tf.ones([4])]
    for (let i = 0; i < 3; i++) opt.step(g)
    g.forEach((x) => x.dispose())
    opt.dispose()
    params.forEach((p) => p.dispose())
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('optimizer config errors', () => {
  afterAll(() => undefined)
  it('rejects nesterov without momentum and a wrong gradient count', async () => {
    await selectBackend({ pin: 'cpu' })
    const p = [variable(tf.zeros([2]))]
    expect(() => createOptimizer(p, { kind: 'sgd', learningRate: 1, nesterov: true })).toThrow(/momentum/)
    const opt = createOptimizer(p, { kind: 'sgd', learningRate: 1 })
    expect(() => opt.step([])).toThrow(/0 gradients for 1 parameters/)
    p[0]!.dispose()
  })
})
