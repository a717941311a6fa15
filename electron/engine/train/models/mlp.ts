import * as tf from '@tensorflow/tfjs'
import { dropoutMask } from '../dropout.ts'
import { initFor, initVariable } from '../init.ts'
import type { InitKind } from '../init.ts'
import { activationGrad, mseGrad, softmaxCrossEntropyGrad } from '../kernels.ts'
import type { Activation, LossGrad } from '../kernels.ts'
import { dense3, matMul3 } from '../ops.ts'
import type { Mat3 } from '../ops.ts'
import type { Optimizer } from '../optimizers.ts'
import { STREAM, trainRng } from '../random.ts'
import type { Rng } from '../random.ts'

/**
 * A multi-layer perceptron with a hand-written backward pass. Per step on wasm: one fused
 * matMul+bias+activation per layer forward; backward per layer one custom kernel (activation and
 * bias gradients together) and two products kept on XNNPACK's path; one custom kernel for the loss
 * gradient and one for the whole optimizer update. docs/training-performance.md has the profile
 * that led here (193 kernels per step with tf.train.adam + autodiff, 20 now).
 */
export type MlpTask = 'classification' | 'regression'

export interface MlpConfig {
  inputSize: number
  hidden: readonly number[]
  /** Classes (classification) or targets (regression). */
  outputSize: number
  task: MlpTask
  activation?: Activation
  dropout?: number
  seed: number
  init?: InitKind
}

export interface Mlp {
  readonly config: Readonly<Required<MlpConfig>>
  /**
   * [W0, b0, W1, b1, …]: W as [1, in, out] (rank 3: the layout the matmul kernels take without a
   * reshape), b as [out]. namedWeights() gives them as Layers-style [in, out].
   */
  readonly params: readonly tf.Variable[]
  /**
   * One optimizer step on `size` rows: x is size × inputSize; y holds class ids (classification) or
   * size × outputSize targets. Returns the batch-mean loss.
   */
  trainStep(x: Float32Array, y: Float32Array | Int32Array, size: number, optimizer: Optimizer, lr: number): number
  /** Outputs (logits, or regression values) for n rows, row-major n × outputSize. */
  predict(x: Float32Array, n: number): Float32Array
  /** Weights as new tensors named like a Layers model's (dense_0/kernel [in, out], dense_0/bias); the caller disposes them. */
  namedWeights(): Record<string, tf.Tensor>
  setWeights(named: Record<string, tf.Tensor>): void
  /** Frees the variables (the optimizer is disposed by its owner). */
  dispose(): void
}

/** Rows per forward call when predicting; bounds the activation memory of a big evaluation set. */
const PREDICT_CHUNK = 4096

export function createMlp(config: MlpConfig): Mlp {
  const cfg: Required<MlpConfig> = {
    activation: 'relu',
    dropout: 0,
    init: initFor(config.activation ?? 'relu'),
    ...config,
  }
  const sizes = [cfg.inputSize, ...cfg.hidden, cfg.outputSize]
  const layers = sizes.length - 1
  const initRng = trainRng(cfg.seed, STREAM.init)
  const params: tf.Variable[] = []
  // Stable names for saved weights; the variables themselves stay unnamed because TF.js keeps one
  // global registry of variable names and a second model with the same names would throw.
  const names: string[] = []
  for (let l = 0; l < layers; l++) {
    // Glorot for the output layer: it has no ReLU after it, so He's factor 2 would only inflate the logits.
    const kind = l === layers - 1 ? 'glorot-uniform' : cfg.init
    params.push(initVariable(initRng, kind, [1, sizes[l]!, sizes[l + 1]!]))
    params.push(initVariable(initRng, 'zeros', [sizes[l + 1]!]))
    names.push(`dense_${l}/kernel`, `dense_${l}/bias`)
  }
  const dropRng: Rng = trainRng(cfg.seed, STREAM.dropout)
  const masks: Float32Array[] = []

  const W = (l: number) => params[2 * l]! as unknown as Mat3
  const B = (l: number) => params[2 * l + 1]! as unknown as tf.Tensor1D
  const actOf = (l: number): Activation => (l === layers - 1 ? 'linear' : cfg.activation)

  function trainStep(x: Float32Array, y: Float32Array | Int32Array, size: number, optimizer: Optimizer, lr: number): number {
    const live: tf.Tensor[] = []
    const keep = <T extends tf.Tensor>(t: T): T => {
      live.push(t)
      return t
    }
    try {
      const xT = keep(tf.tensor3d(x, [1, size, cfg.inputSize]))
      // inputs[l]: what layer l multiplies (x, or the previous layer's output after dropout);
      // outs[l]: layer l's activation before dropout (its gradient is computed from it).
      const inputs: Mat3[] = [xT]
      const outs: Mat3[] = []
      const maskT: Array<Mat3 | undefined> = []
      for (let l = 0; l < layers; l++) {
        const a = keep(dense3(inputs[l]!, W(l), B(l), actOf(l)))
        outs.push(a)
        if (l < layers - 1) {
          if (cfg.dropout > 0) {
            const n = size * sizes[l + 1]!
            const buf = (masks[l] = masks[l]?.length === n ? masks[l]! : new Float32Array(n))
            const m = keep(tf.tensor3d(dropoutMask(dropRng, n, cfg.dropout, buf), [1, size, sizes[l + 1]!]))
            maskT.push(m)
            inputs.push(keep(tf.mul(a, m)))
          } else {
            maskT.push(undefined)
            inputs.push(a)
          }
        }
      }
      const logits = outs[layers - 1]!
      let lg: LossGrad
      if (cfg.task === 'classification') {
        const yT = keep(tf.tensor1d(y instanceof Int32Array ? y : Int32Array.from(y), 'int32'))
        lg = softmaxCrossEntropyGrad(logits, yT)
      } else {
        const yT = keep(tf.tensor3d(y instanceof Float32Array ? y : Float32Array.from(y), [1, size, cfg.outputSize]))
        lg = mseGrad(logits, yT)
      }
      const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * layers)
      let dz = keep(lg.dOut as unknown as Mat3)
      grads[2 * layers - 1] = keep(lg.dBias)
      for (let l = layers - 1; l >= 0; l--) {
        grads[2 * l] = keep(matMul3(inputs[l]!, dz, true, false))
        if (l === 0) break
        const dh = keep(matMul3(dz, W(l), false, true))
        const g = activationGrad(dh, outs[l - 1]!, actOf(l - 1), maskT[l - 1])
        dz = keep(g.dz)
        grads[2 * (l - 1) + 1] = keep(g.dBias)
      }
      optimizer.step(grads, lr)
      return lg.loss
    } finally {
      for (const t of live) t.dispose()
    }
  }

  function predict(x: Float32Array, n: number): Float32Array {
    const out = new Float32Array(n * cfg.outputSize)
    for (let start = 0; start < n; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, n - start)
      const y = tf.tidy(() => {
        let h: Mat3 = tf.tensor3d(x.subarray(start * cfg.inputSize, (start + rows) * cfg.inputSize), [1, rows, cfg.inputSize])
        for (let l = 0; l < layers; l++) h = dense3(h, W(l), B(l), actOf(l))
        return h
      })
      out.set(y.dataSync() as Float32Array, start * cfg.outputSize)
      y.dispose()
    }
    return out
  }

  return {
    config: cfg,
    params,
    trainStep,
    predict,
    namedWeights: () => Object.fromEntries(params.map((p, i) => [names[i]!, p.rank === 3 ? tf.reshape(p, p.shape.slice(1)) : tf.clone(p)])),
    setWeights(named) {
      params.forEach((p, i) => {
        const t = named[names[i]!]
        if (!t) throw new Error(`weights have no tensor "${names[i]}"`)
        if (t.size !== p.size) throw new Error(`weights "${names[i]}" have shape [${t.shape}], the model [${p.shape}]`)
        tf.tidy(() => p.assign(tf.reshape(t, p.shape)))
      })
    },
    dispose() {
      for (const p of params) p.dispose()
    },
  }
}
