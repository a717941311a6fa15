import * as tf from '@tensorflow/tfjs'
import { simdKernelsFor } from './simd.ts'
import type { SimdKernels } from './simd.ts'

/**
 * Custom TF.js kernels for the wasm and cpu backends: the element-wise parts of a training step
 * (loss gradient, activation gradient, bias gradient, the whole optimizer update) as one kernel
 * each, written in JS over the backend's own memory. PLATFORM.md §8 measured ~22 µs of dispatch per
 * kernel on wasm against a few µs of arithmetic for these sizes, so fusing five to ten tiny kernels
 * into one is the lever. Other backends (tfjs-node, WebGL) get the same math from stock ops.
 */
type Arr = Float32Array | Int32Array
/**
 * A kernel body over typed-array views of its inputs and outputs. On wasm the views lie in the
 * backend's heap (`view.byteOffset` is the tensor's address) and `simd` is the SIMD module
 * instantiated over that heap; elsewhere `simd` is null.
 */
export type KernelImpl = (ins: Arr[], outs: Float32Array[], attrs: Record<string, unknown>, simd: SimdKernels | null) => void

interface CustomKernel {
  name: string
  /** Output shapes from the input shapes. */
  outShapes: (shapes: number[][], attrs: Record<string, unknown>) => number[][]
  impl: KernelImpl
}

/** Scalars a kernel hands back to JS without a tensor (a loss sum): reading them costs no dataSync. */
export const kernelScalars = new Float64Array(4)

interface BackendMemory {
  read(backend: unknown, info: tf.TensorInfo): Arr
  alloc(backend: unknown, shape: number[]): { info: tf.TensorInfo; view: () => Float32Array }
  simd(backend: unknown): SimdKernels | null
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

interface CpuLike {
  data: { get(id: unknown): { values: Arr } }
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo
}
interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo
  typedArrayFromHeap(info: tf.TensorInfo): Arr
  wasm: { asm?: { memory?: { buffer: ArrayBuffer } } }
}

const MEMORY: Record<string, BackendMemory> = {
  cpu: {
    read: (b, info) => (b as CpuLike).data.get(info.dataId).values,
    alloc: (b, shape) => {
      const values = new Float32Array(size(shape))
      return { info: (b as CpuLike).makeTensorInfo(shape, 'float32', values), view: () => values }
    },
    simd: () => null,
  },
  wasm: {
    // Views are taken after every output is allocated: a malloc can grow the wasm heap and detach older views.
    read: (b, info) => (b as WasmLike).typedArrayFromHeap(info),
    alloc: (b, shape) => {
      const info = (b as WasmLike).makeOutput(shape, 'float32')
      return { info, view: () => (b as WasmLike).typedArrayFromHeap(info) as Float32Array }
    },
    simd: (b) => {
      const memory = (b as WasmLike).wasm.asm?.memory
      return memory ? simdKernelsFor(memory) : null
    },
  },
}

const registered = new Set<string>()

let useSimd = true
/** Turns the SIMD paths off (tests compare them with the JS loops; the bench measures what they buy). */
export function setSimdEnabled(on: boolean): void {
  useSimd = on
}

function register(k: CustomKernel): void {
  for (const [backendName, mem] of Object.entries(MEMORY)) {
    const key = `${k.name}/${backendName}`
    if (registered.has(key) || tf.getKernel(k.name, backendName)) {
      registered.add(key)
      continue
    }
    tf.registerKernel({
      kernelName: k.name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const infos = Object.values(inputs) as tf.TensorInfo[]
        const a = (attrs ?? {}) as Record<string, unknown>
        const outs = k.outShapes(
          infos.map((i) => i.shape),
          a,
        ).map((s) => mem.alloc(backend, s))
        const outViews = outs.map((o) => o.view())
        k.impl(
          infos.map((i) => mem.read(backend, i)),
          outViews,
          a,
          useSimd ? mem.simd(backend) : null,
        )
        return outs.map((o) => o.info)
      },
    })
    registered.add(key)
  }
}

/** Whether the current backend runs the fused JS kernels (wasm, cpu) or falls back to stock ops. */
export function hasFastKernels(): boolean {
  return tf.getBackend() in MEMORY
}

/** Runs a registered custom kernel on tensors; always returns the list of outputs. */
export function runCustom(name: string, inputs: readonly tf.Tensor[], attrs: Record<string, unknown> = {}): tf.Tensor[] {
  const named: Record<string, tf.Tensor> = {}
  for (let i = 0; i < inputs.length; i++) named[`i${i}`] = inputs[i]!
  const out = tf.engine().runKernel(name, named, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[]
  return Array.isArray(out) ? out : [out]
}

// ---------------------------------------------------------------------------------------------
// Loss gradients

/**
 * Softmax cross-entropy against integer labels, forward and backward at once:
 * outputs dLogits = (softmax − onehot) / B and its column sum (the output bias gradient); the
 * batch's summed NLL goes to kernelScalars[0]. Float64 accumulation, max-subtracted.
 */
const softmaxXentKernel: CustomKernel = {
  name: 'SweeplabSoftmaxXentGrad',
  outShapes: ([logits]) => [logits!, [logits![logits!.length - 1]!]],
  impl: ([logits, labels], [dl, db]) => {
    const k = db!.length
    const n = logits!.length / k
    const inv = 1 / n
    let nll = 0
    db!.fill(0)
    for (let i = 0; i < n; i++) {
      const o = i * k
      let max = -Infinity
      for (let j = 0; j < k; j++) if (logits![o + j]! > max) max = logits![o + j]!
      let s = 0
      for (let j = 0; j < k; j++) {
        const e = Math.exp(logits![o + j]! - max)
        dl![o + j] = e
        s += e
      }
      const y = labels![i]! | 0
      nll += Math.log(s) + max - logits![o + y]!
      const r = inv / s
      for (let j = 0; j < k; j++) {
        const g = dl![o + j]! * r - (j === y ? inv : 0)
        dl![o + j] = g
        db![j] = db![j]! + g
      }
    }
    kernelScalars[0] = nll
  },
}

/** Mean squared error over all B × D outputs: dPred = 2 (pred − target) / (B·D); squared-error sum to kernelScalars[0]. */
const mseKernel: CustomKernel = {
  name: 'SweeplabMseGrad',
  outShapes: ([pred]) => [pred!, [pred![pred!.length - 1]!]],
  impl: ([pred, target], [dp, db]) => {
    const d = db!.length
    const total = pred!.length
    const scale = 2 / total
    let se = 0
    db!.fill(0)
    for (let i = 0; i < total; i++) {
      const e = pred![i]! - target![i]!
      se += e * e
      const g = e * scale
      dp![i] = g
      db![i % d] = db![i % d]! + g
    }
    kernelScalars[0] = se
  },
}

export interface LossGrad {
  /** Gradient of the batch-mean loss with respect to the model output (the output's shape). */
  dOut: tf.Tensor2D
  /** Column sum of dOut: the gradient of the output layer's bias. */
  dBias: tf.Tensor1D
  /** Batch-mean loss (mean NLL for cross-entropy, mean squared error for MSE). */
  loss: number
}

/** logits: [B, C] or [1, B, C]; labels: B class ids (int32). dOut has the logits' shape. */
export function softmaxCrossEntropyGrad(logits: tf.Tensor2D | tf.Tensor3D, labels: tf.Tensor1D): LossGrad {
  const n = labels.size
  if (hasFastKernels()) {
    register(softmaxXentKernel)
    const [dOut, dBias] = runCustom(softmaxXentKernel.name, [logits, labels]) as [tf.Tensor2D, tf.Tensor1D]
    return { dOut, dBias, loss: kernelScalars[0]! / n }
  }
  return tf.tidy(() => {
    const k = logits.shape[logits.rank - 1]!
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), k)
    const logp = tf.logSoftmax(tf.reshape(logits, [n, k]))
    const loss = tf.neg(tf.sum(tf.mul(onehot, logp))).dataSync()[0]! / n
    const d = tf.div(tf.sub(tf.exp(logp), onehot), n)
    return { dOut: tf.reshape<tf.Rank>(d, logits.shape as number[]) as tf.Tensor2D, dBias: tf.sum(d, 0) as tf.Tensor1D, loss }
  }) as LossGrad
}

/** pred and target: [B, D] or [1, B, D]. */
export function mseGrad(pred: tf.Tensor2D | tf.Tensor3D, target: tf.Tensor2D | tf.Tensor3D): LossGrad {
  if (hasFastKernels()) {
    register(mseKernel)
    const [dOut, dBias] = runCustom(mseKernel.name, [pred, target]) as [tf.Tensor2D, tf.Tensor1D]
    return { dOut, dBias, loss: kernelScalars[0]! / pred.size }
  }
  return tf.tidy(() => {
    const diff = tf.sub(pred, target)
    const loss = tf.mean(tf.square(diff)).dataSync()[0]!
    const dOut = tf.mul(diff, 2 / pred.size) as tf.Tensor2D
    const d = pred.shape[pred.rank - 1]!
    return { dOut, dBias: tf.sum(tf.reshape(dOut, [-1, d]), 0) as tf.Tensor1D, loss }
  }) as LossGrad
}

// ---------------------------------------------------------------------------------------------
// Activation gradient (from the activation's output, so the pre-activation need not be kept)

export type Activation = 'relu' | 'elu' | 'tanh' | 'sigmoid' | 'linear'
const ACT_CODE: Record<Activation, number> = { linear: 0, relu: 1, elu: 2, tanh: 3, sigmoid: 4 }

/**
 * dz = dy · f'(y) (· mask, the dropout mask applied after the activation), plus its column sum
 * (this layer's bias gradient): two stock kernels and a sum become one.
 */
const actGradKernel: CustomKernel = {
  name: 'SweeplabActivationGrad',
  outShapes: ([dy]) => [dy!, [dy![dy!.length - 1]!]],
  impl: (ins, [dz, db], attrs, simd) => {
    const dy = ins[0] as Float32Array
    const y = ins[1] as Float32Array
    const mask = ins[2] as Float32Array | undefined
    db!.fill(0)
    const d = db!.length
    if (simd && attrs.act === ACT_CODE.relu && d % 4 === 0) {
      simd.reluGrad(dy.byteOffset, y.byteOffset, mask ? mask.byteOffset : 0, dz!.byteOffset, db!.byteOffset, dy.length / d, d * 4)
      return
    }
    if (mask) applyMask(dy, mask, dz!)
    actGradLoop(attrs.act as number, mask ? dz! : dy, y, dz!, db!)
  },
}

function applyMask(dy: Float32Array, mask: Float32Array, out: Float32Array): void {
  for (let i = 0; i < dy.length; i++) out[i] = dy[i]! * mask[i]!
}

/**
 * One loop per activation, each monomorphic on Float32Array: a switch inside the element loop and
 * typed-array unions made this kernel 12 ns per element; split, it runs at ~1 ns.
 */
function actGradLoop(code: number, dy: Float32Array, y: Float32Array, dz: Float32Array, db: Float32Array): void {
  const d = db.length
  const total = dy.length
  switch (code) {
    case 0:
      for (let r = 0; r < total; r += d) for (let j = 0; j < d; j++) {
        const g = dy[r + j]!
        dz[r + j] = g
        db[j] = db[j]! + g
      }
      return
    case 1:
      for (let r = 0; r < total; r += d) for (let j = 0; j < d; j++) {
        const g = y[r + j]! > 0 ? dy[r + j]! : 0
        dz[r + j] = g
        db[j] = db[j]! + g
      }
      return
    case 2:
      for (let r = 0; r < total; r += d) for (let j = 0; j < d; j++) {
        const yi = y[r + j]!
        const g = yi > 0 ? dy[r + j]! : dy[r + j]! * (yi + 1)
        dz[r + j] = g
        db[j] = db[j]! + g
      }
      return
    case 3:
      for (let r = 0; r < total; r += d) for (let j = 0; j < d; j++) {
        const yi = y[r + j]!
        const g = dy[r + j]! * (1 - yi * yi)
        dz[r + j] = g
        db[j] = db[j]! + g
      }
      return
    case 4:
      for (let r = 0; r < total; r += d) for (let j = 0; j < d; j++) {
        const yi = y[r + j]!
        const g = dy[r + j]! * yi * (1 - yi)
        dz[r + j] = g
        db[j] = db[j]! + g
      }
      return
  }
}

/** dy, y (and mask): [N, D] or [1, N, D]; dz has their shape, dBias is [D]. */
export function activationGrad<T extends tf.Tensor2D | tf.Tensor3D>(dy: T, y: T, activation: Activation, mask?: T): { dz: T; dBias: tf.Tensor1D } {
  if (hasFastKernels()) {
    register(actGradKernel)
    const ins = mask ? [dy, y, mask] : [dy, y]
    const [dz, dBias] = runCustom(actGradKernel.name, ins, { act: ACT_CODE[activation] }) as [T, tf.Tensor1D]
    return { dz, dBias }
  }
  return tf.tidy(() => {
    let g: tf.Tensor = mask ? tf.mul(dy, mask) : dy
    if (activation === 'relu') g = tf.mul(g, tf.step(y))
    else if (activation === 'elu') g = tf.mul(g, tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1)))
    else if (activation === 'tanh') g = tf.mul(g, tf.sub(1, tf.square(y)))
    else if (activation === 'sigmoid') g = tf.mul(g, tf.mul(y, tf.sub(1, y)))
    const dz = (g === dy ? tf.clone(dy) : g) as T
    return { dz, dBias: tf.sum(tf.reshape(dz, [-1, dz.shape[dz.rank - 1]!]), 0) as tf.Tensor1D }
  })
}

export { register as registerCustomKernel }
export type { CustomKernel }
