// W2 (issue 4 §4): char transformer LM — vocab 96, context 64, d_model 64, 2 pre-LN layers, 4 heads,
// FF 256 (ReLU), tied output projection, no dropout, Adam 1e-3, batch 32. Sequences/s per backend
// present and for PyTorch on one thread (bench/pytorch/w2.py, the same model), and their ratio.
// `node bench/train-w2.bench.ts --variants [name…]` re-measures every step of the optimization
// (docs/training-performance.md, "Text models (W2, W3)"); each variant adds one change to the last.
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { setGemmEnabled } from '../electron/engine/train/gemm.ts'
import { setSimdEnabled } from '../electron/engine/train/kernels.ts'
import { createLanguageModel } from '../electron/engine/train/models/language-model.ts'
import { textKernels } from '../electron/engine/train/models/transformer-kernels.ts'
import { simdOptions } from '../electron/engine/train/models/transformer-simd.ts'
import { createOptimizer } from '../electron/engine/train/optimizers.ts'
import type { Optimizer } from '../electron/engine/train/optimizers.ts'
import { trainRng } from '../electron/engine/train/random.ts'
import { benchAgainstPytorch, printVariantTable } from './train-harness.ts'
import type { WorkloadFactory } from './train-harness.ts'

const VOCAB = 96
const CONTEXT = 64
const BATCH = 32
const POOL = 8 // distinct batches cycled through (PyTorch's script does the same)

type Kernels = typeof textKernels

/** Kernel sets, cumulative: each adds one change to the one before. */
const STAGES: Array<[string, Partial<Kernels> & { coreKernels: boolean; coreOptimizer: boolean; fma: boolean }]> = [
  ['stock', { coreKernels: false, coreOptimizer: false, fma: false, matmul: false, dense: false, attention: false, layerNorm: false, embed: false, xent: false, identity: false }],
  ['+core-optimizer', { coreKernels: true, coreOptimizer: true, fma: false, matmul: false, dense: false, attention: false, layerNorm: false, embed: false, xent: false, identity: false }],
  ['+attention-kernel', { coreKernels: true, coreOptimizer: true, fma: false, matmul: true, dense: false, attention: true, layerNorm: false, embed: false, xent: false, identity: false }],
  ['+dense-kernel', { coreKernels: true, coreOptimizer: true, fma: false, matmul: true, dense: true, attention: true, layerNorm: false, embed: false, xent: false, identity: false }],
  ['+fma', { coreKernels: true, coreOptimizer: true, fma: true, matmul: true, dense: true, attention: true, layerNorm: false, embed: false, xent: false, identity: false }],
  ['+layernorm-kernel', { coreKernels: true, coreOptimizer: true, fma: true, matmul: true, dense: true, attention: true, layerNorm: true, embed: false, xent: false, identity: false }],
  ['+embed-xent-kernels', { coreKernels: true, coreOptimizer: true, fma: true, matmul: true, dense: true, attention: true, layerNorm: true, embed: true, xent: true, identity: false }],
  ['final', { coreKernels: true, coreOptimizer: true, fma: true, matmul: true, dense: true, attention: true, layerNorm: true, embed: true, xent: true, identity: true }],
]

/** tf.train.adam behind the core's Optimizer interface (for the stock stage). */
function tfAdam(vars: readonly tf.Variable[]): Optimizer {
  const opt = tf.train.adam(1e-3)
  return {
    config: { kind: 'adam', learningRate: 1e-3 },
    iterations: 0,
    lastGradNorm: Number.NaN,
    step(grads: readonly tf.Tensor[]) {
      opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })))
    },
    getState: () => ({ iterations: 0, slots: [] }),
    dispose: () => opt.dispose(),
  } as unknown as Optimizer
}

function stage(name: string): WorkloadFactory {
  const cfg = STAGES.find((s) => s[0] === name)![1]
  return async () => {
    const { coreKernels, coreOptimizer, fma, ...kernels } = cfg
    Object.assign(textKernels, kernels)
    simdOptions.fma = fma
    setGemmEnabled(coreKernels)
    setSimdEnabled(coreKernels)
    const lm = createLanguageModel({ vocabSize: VOCAB, context: CONTEXT, dModel: 64, layers: 2, heads: 4, ff: 256, dropout: 0, tied: true, seed: 1 })
    const opt = coreOptimizer ? createOptimizer(lm.store.vars, { kind: 'adam', learningRate: 1e-3 }) : tfAdam(lm.store.vars)
    const rng = trainRng(3, 0)
    const width = CONTEXT + 1
    const data = Int32Array.from({ length: POOL * BATCH * width }, () => rng.nextUint32() % VOCAB)
    let i = 0
    return {
      samplesPerStep: BATCH,
      step() {
        const b = i++ % POOL
        lm.trainStep(data.subarray(b * BATCH * width, (b + 1) * BATCH * width), BATCH, opt, 1e-3)
      },
      dispose() {
        opt.dispose()
        lm.dispose()
      },
    }
  }
}

export const workloads: Record<string, WorkloadFactory> = Object.fromEntries(STAGES.map(([name]) => [name, stage(name)]))

const SELF = fileURLToPath(import.meta.url)
const PYTORCH = fileURLToPath(new URL('./pytorch/w2.py', import.meta.url))
const BACKENDS = ['wasm', 'cpu']

/** The `npm run bench` entry: the production path per backend, PyTorch on one thread, and the ratio. */
export function benchTrainW2(): Promise<Record<string, number>> {
  return benchAgainstPytorch('w2', { module: SELF, variant: 'final' }, BACKENDS, { warmupSteps: 5, seconds: 4 }, PYTORCH, ['60'])
}

/** Every stage on every backend, for the doc (`W2_BACKENDS`, `W2_ROUNDS` narrow it). */
function variantsMain(names: string[]): Promise<void> {
  return printVariantTable(names, {
    module: SELF,
    variants: Object.keys(workloads),
    backends: BACKENDS,
    envPrefix: 'W2',
    warmupSteps: (variant) => (variant === 'stock' ? 1 : 5),
    pytorchScript: PYTORCH,
    pytorchArgs: [['60']],
    unit: 'seq',
    fmt: (v) => v.toFixed(1),
  })
}

if (process.argv[1] === SELF && process.argv[2] === '--variants') await variantsMain(process.argv.slice(3))
