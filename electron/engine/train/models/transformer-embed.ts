import * as tf from '@tensorflow/tfjs'
import { hasFastKernels, hostFor, int32Values, registerTextKernels, textKernels } from './transformer-kernels.ts'

/**
 * Token + position embedding as one kernel each way: out[b·T + t] = tok[ids[b,t]] + pos[t].
 * In stock ops that is gather, reshape, add, reshape forward and a segment-sum (plus transposes)
 * backward; tfjs-backend-wasm's GatherV2 alone took ~3 ms per W2 step in the profile. The backward
 * kernel scatter-adds rows into dense [vocab, d] and [positions, d] gradients (what the optimizer
 * expects; PyTorch's nn.Embedding also produces a dense gradient by default).
 */
const FWD = 'SlEmbed'
const BWD = 'SlEmbedGrad'

/* eslint-disable @typescript-eslint/no-explicit-any -- kernel functions receive untyped backends */
function forwardKernel({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: any }): tf.TensorInfo {
  const { ids, tok, pos } = inputs as { ids: tf.TensorInfo; tok: tf.TensorInfo; pos: tf.TensorInfo }
  const [bsz, t] = ids.shape as [number, number]
  const [vocab, d] = tok.shape as [number, number]
  const h = hostFor(backend)
  const pt = h.input(tok) >> 2
  const pp = h.input(pos) >> 2
  const po = h.output([bsz * t, d]) >> 2
  const f = h.heap()
  const iv = int32Values(backend, ids)
  for (let b = 0; b < bsz; b++) {
    for (let s = 0; s < t; s++) {
      const id = iv[b * t + s]!
      if (!(id >= 0 && id < vocab)) throw new Error(`token id ${id} is outside the vocabulary (0..${vocab - 1})`)
      const o = po + (b * t + s) * d
      const a = pt + id * d
      const p = pp + s * d
      for (let j = 0; j < d; j++) f[o + j] = f[a + j]! + f[p + j]!
    }
  }
  return h.finish()[0]!
}

function backwardKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: any; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { dy, ids } = inputs as { dy: tf.TensorInfo; ids: tf.TensorInfo }
  const { vocab, positions } = attrs as unknown as { vocab: number; positions: number }
  const [bsz, t] = ids.shape as [number, number]
  const d = dy.shape[1]!
  const h = hostFor(backend)
  const pg = h.input(dy) >> 2
  const pt = h.output([vocab, d]) >> 2
  const pp = h.output([positions, d]) >> 2
  const f = h.heap()
  f.fill(0, pt, pt + vocab * d)
  f.fill(0, pp, pp + positions * d)
  const iv = int32Values(backend, ids)
  for (let b = 0; b < bsz; b++) {
    for (let s = 0; s < t; s++) {
      const g = pg + (b * t + s) * d
      const a = pt + iv[b * t + s]! * d
      const p = pp + s * d
      for (let j = 0; j < d; j++) {
        const v = f[g + j]!
        f[a + j] = f[a + j]! + v
        f[p + j] = f[p + j]! + v
      }
    }
  }
  return h.finish()
}

let registered = false
function ensure(): void {
  if (registered) return
  registered = true
  registerTextKernels({ [FWD]: forwardKernel, [BWD]: backwardKernel })
  tf.registerGradient({
    kernelName: FWD,
    inputsToSave: ['ids', 'tok', 'pos'],
    gradFunc: (dy, saved) => {
      const [ids, tok, pos] = saved as [tf.Tensor, tf.Tensor, tf.Tensor]
      const attrs = { vocab: tok.shape[0]!, positions: pos.shape[0]! }
      const [dTok, dPos] = tf.engine().runKernel(BWD, { dy: dy as tf.Tensor, ids }, attrs) as tf.Tensor[]
      return { ids: () => tf.zerosLike(ids), tok: () => dTok!, pos: () => dPos! }
    },
  })
}

/** tok[ids] + pos[0..T) for ids [B, T] (int32) → [B·T, d]; differentiable in tok and pos. */
export function embedTokens(ids: tf.Tensor2D, tok: tf.Tensor, pos: tf.Tensor): tf.Tensor2D {
  const [bsz, t] = ids.shape
  const d = tok.shape[1]!
  if (t > pos.shape[0]!) throw new Error(`sequence of ${t} tokens is longer than the ${pos.shape[0]} positions`)
  if (!hasFastKernels() || !textKernels.embed) {
    return tf.tidy(() => {
      const g = tf.reshape(tf.gather(tok, tf.reshape(ids, [bsz * t])), [bsz, t, d])
      const p = t === pos.shape[0] ? pos : tf.slice(pos, [0, 0], [t, d])
      return tf.reshape(tf.add(g, p), [bsz * t, d]) as tf.Tensor2D
    })
  }
  ensure()
  return tf.engine().runKernel(FWD, { ids, tok, pos }, {}) as tf.Tensor2D
}
