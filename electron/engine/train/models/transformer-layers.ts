import * as tf from '@tensorflow/tfjs'
import { dropout, initVariable } from '../index.ts'
import type { Rng } from '../index.ts'
import { attention, matMul } from './transformer-kernels.ts'
import { embedTokens } from './transformer-embed.ts'
import { softmaxXent } from './transformer-xent.ts'
import { denseLayer } from './transformer-dense.ts'
import { layerNorm } from './transformer-norm.ts'

/**
 * Building blocks shared by the decoder-only language model, the transformer-encoder classifier and
 * the fine-tuning head: named parameters with a seeded init, pre-LN blocks, embeddings and the loss.
 * Parameters are plain tf.Variables (no tf.layers), so each step's kernel count is under our control.
 */
export interface ParamStore {
  names: string[]
  vars: tf.Variable[]
  add(name: string, v: tf.Variable): tf.Variable
  get(name: string): tf.Variable
  /** Every parameter by name (the variables themselves, not copies). */
  named(): Record<string, tf.Variable>
  /** Overwrites every parameter from named tensors (saved weights); a missing name is an error. */
  assignAll(named: Record<string, tf.Tensor>): void
  dispose(): void
}

export function createParamStore(): ParamStore {
  const names: string[] = []
  const vars: tf.Variable[] = []
  const byName = new Map<string, tf.Variable>()
  return {
    names,
    vars,
    add(name, v) {
      if (byName.has(name)) throw new Error(`duplicate parameter ${name}`)
      names.push(name)
      vars.push(v)
      byName.set(name, v)
      return v
    },
    get(name) {
      const v = byName.get(name)
      if (!v) throw new Error(`no parameter ${name}`)
      return v
    },
    named: () => Object.fromEntries(names.map((n, i) => [n, vars[i]!])),
    assignAll(named) {
      names.forEach((n, i) => {
        const t = named[n]
        if (!t) throw new Error(`weights have no tensor "${n}"`)
        vars[i]!.assign(t)
      })
    },
    dispose() {
      for (const v of vars) v.dispose()
    },
  }
}

export interface BlockConfig {
  dModel: number
  heads: number
  ff: number
}

/** GPT-2's init: N(0, 0.02) weights, residual projections scaled by 1/√(2·layers), zero biases, LN gain 1. */
export function addBlockParams(store: ParamStore, rng: Rng, prefix: string, cfg: BlockConfig, layers: number): void {
  const { dModel: d, ff } = cfg
  const resid = { std: 0.02 / Math.sqrt(2 * layers) }
  const ones = (n: number) => tf.variable(tf.ones([n]), true)
  store.add(`${prefix}/ln1/gamma`, ones(d))
  store.add(`${prefix}/ln1/beta`, initVariable(rng, 'zeros', [d]))
  store.add(`${prefix}/attn/qkv/kernel`, initVariable(rng, 'normal', [d, 3 * d]))
  store.add(`${prefix}/attn/qkv/bias`, initVariable(rng, 'zeros', [3 * d]))
  store.add(`${prefix}/attn/proj/kernel`, initVariable(rng, 'normal', [d, d], undefined, resid))
  store.add(`${prefix}/attn/proj/bias`, initVariable(rng, 'zeros', [d]))
  store.add(`${prefix}/ln2/gamma`, ones(d))
  store.add(`${prefix}/ln2/beta`, initVariable(rng, 'zeros', [d]))
  store.add(`${prefix}/ff1/kernel`, initVariable(rng, 'normal', [d, ff]))
  store.add(`${prefix}/ff1/bias`, initVariable(rng, 'zeros', [ff]))
  store.add(`${prefix}/ff2/kernel`, initVariable(rng, 'normal', [ff, d], undefined, resid))
  store.add(`${prefix}/ff2/bias`, initVariable(rng, 'zeros', [d]))
}

export interface BlockRun {
  heads: number
  causal: boolean
  /** [B, T] 1 for real tokens, 0 for padding (encoder); null for none. */
  mask: tf.Tensor | null
  dropout: number
  rng: Rng
  training: boolean
}

/**
 * One pre-LN block on h [B·T, d] (rows of all sequences stacked):
 * h + drop(proj(attn(LN1 h))) then + drop(W2·relu(W1·LN2 h)). ReLU (not GELU) so the first FF
 * product fuses with its activation in one kernel; the PyTorch reference (bench/pytorch/w2.py) matches.
 */
export function blockForward(h: tf.Tensor2D, store: ParamStore, prefix: string, bsz: number, t: number, run: BlockRun): tf.Tensor2D {
  const p = (n: string) => store.get(`${prefix}/${n}`)
  const d = h.shape[1]
  const a = layerNorm(h, p('ln1/gamma'), p('ln1/beta'))
  const qkv = denseLayer(a, p('attn/qkv/kernel'), p('attn/qkv/bias'))
  const att = attention(tf.reshape(qkv, [bsz, t, 3 * d]), run.heads, run.causal, run.mask)
  const proj = denseLayer(tf.reshape(att, [bsz * t, d]) as tf.Tensor2D, p('attn/proj/kernel'), p('attn/proj/bias'))
  const h1 = tf.add(h, dropout(proj, run.dropout, run.rng, run.training)) as tf.Tensor2D
  const b = layerNorm(h1, p('ln2/gamma'), p('ln2/beta'))
  const f1 = denseLayer(b, p('ff1/kernel'), p('ff1/bias'), 'relu')
  const f2 = denseLayer(f1, p('ff2/kernel'), p('ff2/bias'))
  return tf.add(h1, dropout(f2, run.dropout, run.rng, run.training)) as tf.Tensor2D
}

/** Token + learned position embeddings for ids [B, T] → [B·T, d] (one kernel each way on wasm/cpu). */
export function embed(ids: tf.Tensor2D, tokEmb: tf.Tensor, posEmb: tf.Tensor): tf.Tensor2D {
  return embedTokens(ids, tokEmb, posEmb)
}

/** logits = h · Eᵀ for a tied output projection (E is [vocab, d]). */
export function tiedLogits(h: tf.Tensor2D, tokEmb: tf.Tensor): tf.Tensor2D {
  return matMul(h, tokEmb, false, true) as tf.Tensor2D
}

/** Mean softmax cross-entropy of logits [N, K] against labels [N] (int32) as a differentiable scalar. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return softmaxXent(logits, labels)
}

/** Mean over real tokens: h [B·T, d] and mask [B, T] (1 real, 0 pad) → [B, d]; all-pad rows give 0. */
export function maskedMeanPool(h: tf.Tensor2D, mask: tf.Tensor2D, bsz: number, t: number): tf.Tensor2D {
  const d = h.shape[1]
  const counts = tf.maximum(tf.sum(mask, 1, true), 1) // [B, 1]
  const w = tf.div(mask, counts) // [B, T] weights summing to 1 per row
  // [B, 1, T] × [B, T, d] → [B, 1, d]: one batched product instead of a broadcast multiply and a sum.
  const pooled = matMul(tf.reshape(w, [bsz, 1, t]), tf.reshape(h, [bsz, t, d]))
  return tf.reshape(pooled, [bsz, d]) as tf.Tensor2D
}
