// W1 (issue 4 §4): MLP 64→128→128→10, batch 64, Adam 1e-3, softmax cross-entropy. Samples/s per
// backend present here and for PyTorch on one thread (when an interpreter with torch exists).
// The `workloads` map also holds the earlier implementations, kept so docs/training-performance.md's
// table can be re-measured: `node bench/train-w1.bench.ts --variants`.
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { setGemmEnabled } from '../electron/engine/train/gemm.ts'
import { setSimdEnabled } from '../electron/engine/train/kernels.ts'
import { createMlp } from '../electron/engine/train/models/mlp.ts'
import { createOptimizer } from '../electron/engine/train/optimizers.ts'
import { dense } from '../electron/engine/train/ops.ts'
import { permutation, trainRng } from '../electron/engine/train/random.ts'
import { findTorchPython, measureOnce, measurePytorch, measureThroughput, summarize } from './train-harness.ts'
import type { OneRun, WorkloadFactory, WorkloadInstance } from './train-harness.ts'

const IN = 64
const HIDDEN = [128, 128]
const OUT = 10
const BATCH = 64
const N = 8192

function data() {
  const rng = trainRng(7, 0)
  const x = new Float32Array(N * IN)
  for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1
  const y = new Int32Array(N)
  for (let i = 0; i < N; i++) y[i] = rng.nextUint32() % OUT
  return { x, y }
}

/** Reshuffled batches gathered from typed arrays, as the trainers' loop does. */
function batcher(batch: number) {
  const { x, y } = data()
  const rng = trainRng(8, 0)
  const order = new Int32Array(N)
  const xb = new Float32Array(batch * IN)
  const yb = new Int32Array(batch)
  let pos = N
  return () => {
    if (pos + batch > N) {
      permutation(rng, N, order)
      pos = 0
    }
    for (let i = 0; i < batch; i++) {
      const r = order[pos + i]!
      xb.set(x.subarray(r * IN, (r + 1) * IN), i * IN)
      yb[i] = y[r]!
    }
    pos += batch
    return { xb, yb }
  }
}

function variables(seed: number): tf.Variable[] {
  const sizes = [IN, ...HIDDEN, OUT]
  const vars: tf.Variable[] = []
  for (let l = 0; l < sizes.length - 1; l++) {
    vars.push(tf.variable(tf.randomUniform([sizes[l]!, sizes[l + 1]!], -0.1, 0.1, 'float32', seed + l)))
    vars.push(tf.variable(tf.zeros([sizes[l + 1]!])))
  }
  return vars
}

/** Autodiff step: stock forward (or our custom-gradient `dense`), tf.losses, then an optimizer. */
function autodiff(opts: { forward: 'stock' | 'fused' | 'dense'; optimizer: 'tf' | 'ours'; simd?: boolean }, batch = BATCH): WorkloadFactory {
  return async () => {
    setSimdEnabled(opts.simd ?? true)
    setGemmEnabled(opts.simd ?? true)
    const vars = variables(1)
    const next = batcher(batch)
    const tfOpt = opts.optimizer === 'tf' ? tf.train.adam(1e-3) : null
    const ours = opts.optimizer === 'ours' ? createOptimizer(vars, { kind: 'adam', learningRate: 1e-3 }) : null
    const forward = (x: tf.Tensor2D) => {
      let h: tf.Tensor = x
      const L = vars.length / 2
      for (let l = 0; l < L; l++) {
        const w = vars[2 * l] as unknown as tf.Tensor2D
        const b = vars[2 * l + 1] as unknown as tf.Tensor1D
        const act = l < L - 1 ? 'relu' : 'linear'
        if (opts.forward === 'stock') {
          h = tf.add(tf.matMul(h as tf.Tensor2D, w), b)
          if (act === 'relu') h = tf.relu(h)
        } else if (opts.forward === 'fused') h = tf.fused.matMul({ a: h as tf.Tensor2D, b: w, bias: b, activation: act })
        else h = dense(h, w, b, act)
      }
      return h
    }
    const inst: WorkloadInstance = {
      samplesPerStep: batch,
      step() {
        const { xb, yb } = next()
        tf.tidy(() => {
          const x = tf.tensor2d(xb, [batch, IN])
          const y = tf.oneHot(tf.tensor1d(yb, 'int32'), OUT)
          const f = () => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar
          if (tfOpt) {
            tfOpt.minimize(f, false, vars)
          } else {
            const { grads } = tf.variableGrads(f, vars)
            ours!.step(vars.map((v) => grads[v.name]!), 1e-3)
          }
        })
      },
      dispose() {
        tfOpt?.dispose()
        ours?.dispose()
        for (const v of vars) v.dispose()
      },
    }
    return inst
  }
}

/** The production path (models/mlp.ts); `simd`/`gemm` off reproduce the earlier steps of the doc's table. */
function lean(batch = BATCH, opts: { simd?: boolean; gemm?: boolean } = {}): WorkloadFactory {
  return async () => {
    setSimdEnabled(opts.simd ?? true)
    setGemmEnabled(opts.gemm ?? true)
    const mlp = createMlp({ inputSize: IN, hidden: HIDDEN, outputSize: OUT, task: 'classification', seed: 1 })
    const opt = createOptimizer(mlp.params, { kind: 'adam', learningRate: 1e-3 })
    const next = batcher(batch)
    return {
      samplesPerStep: batch,
      step() {
        const { xb, yb } = next()
        mlp.trainStep(xb, yb, batch, opt, 1e-3)
      },
      dispose() {
        opt.dispose()
        mlp.dispose()
      },
    }
  }
}

/** Layers model.fit over one epoch of N rows per call (PLATFORM.md §8's reference). */
const layersFit: WorkloadFactory = async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [IN], units: HIDDEN[0]!, activation: 'relu' }),
      tf.layers.dense({ units: HIDDEN[1]!, activation: 'relu' }),
      tf.layers.dense({ units: OUT }),
    ],
  })
  const optimizer = tf.train.adam(1e-3)
  model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy })
  const { x, y } = data()
  const xt = tf.tensor2d(x, [N, IN])
  const yt = tf.oneHot(tf.tensor1d(y, 'int32'), OUT)
  return {
    samplesPerStep: N,
    async step() {
      await model.fit(xt, yt, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 })
    },
    dispose() {
      model.dispose()
      optimizer.dispose()
      xt.dispose()
      yt.dispose()
    },
  }
}

export const workloads: Record<string, WorkloadFactory> = {
  'layers-fit': layersFit,
  'autodiff-stock+tf-adam': autodiff({ forward: 'stock', optimizer: 'tf' }),
  'autodiff-fused+tf-adam': autodiff({ forward: 'fused', optimizer: 'tf' }),
  'autodiff-fused+fused-adam-js': autodiff({ forward: 'fused', optimizer: 'ours', simd: false }),
  'autodiff-dense+fused-adam-js': autodiff({ forward: 'dense', optimizer: 'ours', simd: false }),
  'lean-js-kernels+xnnpack': lean(BATCH, { simd: false, gemm: false }),
  'lean-simd-kernels+xnnpack': lean(BATCH, { simd: true, gemm: false }),
  lean: lean(),
  'lean-b128': lean(128),
  'lean-b256': lean(256),
}

const SELF = fileURLToPath(import.meta.url)
const PYTORCH_W1 = fileURLToPath(new URL('./pytorch/w1.py', import.meta.url))
const BACKENDS = ['wasm', 'cpu']

/** The `npm run bench` entry: the production path (lean) per backend, PyTorch, and the ratio. */
export async function benchTrainW1(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const backend of BACKENDS) {
    // cpu runs ~10× fewer steps per second: more warm-up would not change its figure.
    const r = await measureThroughput({ module: SELF, variant: 'lean' }, backend, { warmupSteps: backend === 'cpu' ? 10 : 50, seconds: 3 })
    out[`w1_samples_per_s_${backend}`] = r.median
    out[`w1_samples_per_cpu_s_${backend}`] = r.cpuMedian
  }
  const py = findTorchPython()
  if (py) {
    const r = await measurePytorch(py, PYTORCH_W1, ['3', '50', String(BATCH)])
    out.w1_samples_per_s_pytorch = r.median
    out.w1_samples_per_cpu_s_pytorch = r.cpuMedian
    const best = Math.max(...BACKENDS.map((b) => out[`w1_samples_per_s_${b}`] ?? 0))
    // best ÷ PyTorch (target ≥ 1/3) and its inverse, the slowdown factor (target ≤ 3); same keys as W2/W3.
    out.w1_ratio_best_vs_pytorch = best / r.median
    out.w1_ratio_pytorch_vs_best = r.median / best
  }
  return out
}

/**
 * `node bench/train-w1.bench.ts --variants [name…]`: every implementation on every backend, for the
 * doc. Runs are interleaved (round r of every variant before round r + 1) so a busy spell on a
 * shared machine spreads over all of them instead of sinking one.
 */
async function variantsMain(names: string[]): Promise<void> {
  const list = names.length ? names : Object.keys(workloads)
  const runs = new Map<string, OneRun[]>()
  const py = findTorchPython()
  const pyRuns: OneRun[] = []
  for (let round = 0; round < 3; round++) {
    for (const variant of list) {
      for (const backend of BACKENDS) {
        const key = `${variant}|${backend}`
        const r = await measureOnce({ module: SELF, variant }, backend, { warmupSteps: variant === 'layers-fit' ? 1 : 30, seconds: 3 })
        runs.set(key, [...(runs.get(key) ?? []), r])
      }
    }
    if (py) {
      const r = await measurePytorch(py, PYTORCH_W1, ['3', '50', String(BATCH)], 1)
      pyRuns.push({ samplesPerSecond: r.median, samplesPerCpuSecond: r.cpuMedian, backend: 'pytorch' })
    }
    process.stderr.write(`round ${round + 1}/3 done\n`)
  }
  console.log('variant'.padEnd(30), 'backend', 'samples/s (wall)'.padStart(17), 'samples/cpu-s'.padStart(14), '  wall runs')
  for (const [key, rs] of runs) {
    const [variant, backend] = key.split('|')
    const s = summarize(backend!, rs)
    console.log(variant!.padEnd(30), backend!.padEnd(7), Math.round(s.median).toString().padStart(17), Math.round(s.cpuMedian).toString().padStart(14), '  ', s.runs.map((v) => Math.round(v)).join(', '))
  }
  if (py) {
    const s = summarize('pytorch', pyRuns)
    console.log('pytorch-1-thread'.padEnd(30), '-'.padEnd(7), Math.round(s.median).toString().padStart(17), Math.round(s.cpuMedian).toString().padStart(14), '  ', s.runs.map((v) => Math.round(v)).join(', '))
  }
}

if (process.argv[1] === SELF && process.argv[2] === '--variants') await variantsMain(process.argv.slice(3))
