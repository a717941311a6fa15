// W3 (issue 4 §4): bag-of-words classifier — vocab 5000, sequence 128 (lengths 32..128, 0 = pad),
// embedding 64, mean over non-pad tokens, dense 64 + ReLU, 2 classes, Adam 1e-3, batch 64.
// Samples/s per backend present and for PyTorch on one thread (bench/pytorch/w3.py), and the ratio.
// `node bench/train-w3.bench.ts --variants [name…]` re-measures the stages of
// docs/training-performance.md ("Text models (W2, W3)").
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { setGemmEnabled } from '../electron/engine/train/gemm.ts'
import { setSimdEnabled } from '../electron/engine/train/kernels.ts'
import { createTextClassifier } from '../electron/engine/train/models/text-classifier-model.ts'
import { textKernels } from '../electron/engine/train/models/transformer-kernels.ts'
import { createOptimizer } from '../electron/engine/train/optimizers.ts'
import { trainRng } from '../electron/engine/train/random.ts'
import { benchAgainstPytorch, printVariantTable } from './train-harness.ts'
import type { WorkloadFactory } from './train-harness.ts'

const VOCAB = 5000
const SEQ = 128
const EMB = 64
const HIDDEN = 64
const BATCH = 64
const POOL = 16

function data() {
  const rng = trainRng(5, 0)
  const ids = new Int32Array(POOL * BATCH * SEQ)
  const labels = new Int32Array(POOL * BATCH)
  for (let r = 0; r < POOL * BATCH; r++) {
    const len = 32 + (rng.nextUint32() % (SEQ - 31))
    for (let t = 0; t < len; t++) ids[r * SEQ + t] = 1 + (rng.nextUint32() % (VOCAB - 1))
    labels[r] = rng.nextUint32() % 2
  }
  return { ids, labels }
}

/**
 * PLATFORM.md §8's route: a [B, V] matrix of token counts / length built in JS per batch, one matmul
 * with the table (41 MFLOP), stock ops and tf.train.adam.
 */
const countMatmul: WorkloadFactory = async () => {
  setGemmEnabled(false)
  setSimdEnabled(false)
  const r = trainRng(1, 1)
  const u = (shape: number[], a: number) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((x, y) => x * y) }, () => (2 * r.next() - 1) * a), shape))
  const vars = [u([VOCAB, EMB], 1), u([EMB, HIDDEN], 0.3), tf.variable(tf.zeros([HIDDEN])), u([HIDDEN, 2], 0.3), tf.variable(tf.zeros([2]))]
  const [E, W1, b1, W2, b2] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable]
  const opt = tf.train.adam(1e-3)
  const { ids, labels } = data()
  const counts = new Float32Array(BATCH * VOCAB)
  let i = 0
  return {
    samplesPerStep: BATCH,
    step() {
      const b = i++ % POOL
      counts.fill(0)
      for (let row = 0; row < BATCH; row++) {
        let len = 0
        for (let t = 0; t < SEQ; t++) if (ids[(b * BATCH + row) * SEQ + t]) len++
        for (let t = 0; t < SEQ; t++) {
          const id = ids[(b * BATCH + row) * SEQ + t]!
          if (id) counts[row * VOCAB + id]! += 1 / len
        }
      }
      tf.tidy(() => {
        const c = tf.tensor2d(counts, [BATCH, VOCAB])
        const y = tf.oneHot(tf.tensor1d(labels.subarray(b * BATCH, (b + 1) * BATCH), 'int32'), 2)
        opt.minimize(() => {
          const h = tf.relu(tf.add(tf.matMul(tf.matMul(c, E), W1), b1))
          return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h, W2), b2)) as tf.Scalar
        }, false, vars)
      })
    },
    dispose() {
      opt.dispose()
      for (const v of vars) v.dispose()
    },
  }
}

/** The text-classifier model (arch bow); `bag` false pools with gather + masked mean instead of the EmbeddingBag kernel. */
function model(bag: boolean): WorkloadFactory {
  return async () => {
    textKernels.bag = bag
    const m = createTextClassifier({ arch: 'bow', vocabSize: VOCAB, seqLen: SEQ, numClasses: 2, embedding: EMB, hidden: HIDDEN, dropout: 0, padId: 0, seed: 1, layers: 0, heads: 1, ff: 0 })
    const opt = createOptimizer(m.store.vars, { kind: 'adam', learningRate: 1e-3 })
    const { ids, labels } = data()
    let i = 0
    return {
      samplesPerStep: BATCH,
      step() {
        const b = i++ % POOL
        m.trainStep(ids.subarray(b * BATCH * SEQ, (b + 1) * BATCH * SEQ), labels.subarray(b * BATCH, (b + 1) * BATCH), BATCH, opt, 1e-3)
      },
      dispose() {
        opt.dispose()
        m.dispose()
      },
    }
  }
}

export const workloads: Record<string, WorkloadFactory> = {
  'count-matmul+tf-adam': countMatmul,
  'gather+kernels': model(false),
  final: model(true),
}

const SELF = fileURLToPath(import.meta.url)
const PYTORCH = fileURLToPath(new URL('./pytorch/w3.py', import.meta.url))
const BACKENDS = ['wasm', 'cpu']

export function benchTrainW3(): Promise<Record<string, number>> {
  return benchAgainstPytorch('w3', { module: SELF, variant: 'final' }, BACKENDS, { warmupSteps: 30, seconds: 3 }, PYTORCH, ['400'])
}

/** Every stage on every backend, for the doc (`W3_BACKENDS`, `W3_ROUNDS` narrow it). */
function variantsMain(names: string[]): Promise<void> {
  return printVariantTable(names, {
    module: SELF,
    variants: Object.keys(workloads),
    backends: BACKENDS,
    envPrefix: 'W3',
    warmupSteps: (variant) => (variant === 'final' ? 30 : 5),
    skip: (variant, backend) => variant === 'count-matmul+tf-adam' && backend === 'cpu',
    pytorchScript: PYTORCH,
    pytorchArgs: [['400'], ['400', 'embbag']],
    unit: 'samples',
    fmt: (v) => Math.round(v).toString(),
  })
}

if (process.argv[1] === SELF && process.argv[2] === '--variants') await variantsMain(process.argv.slice(3))
