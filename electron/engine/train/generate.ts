import { STREAM, trainRng } from './index.ts'
import type { Rng } from './index.ts'

/**
 * Sampling from a language model: temperature (and optionally top-k) sampling, one token at a time,
 * with a seeded RNG so the same seed, model and prompt give the same text on every run.
 */
export interface GenerateOptions {
  /** Tokens to add after the prompt. */
  maxTokens: number
  /** Logits are divided by this; 0 means greedy (argmax). Default 1. */
  temperature?: number
  /** Sample among the k most likely tokens only (0 = all). */
  topK?: number
  seed: number
  /** Stop when this token is produced (it is not included). */
  stopToken?: number
  /** Tokens never sampled (e.g. <pad>, <unk>). */
  banned?: readonly number[]
}

/** Next-token logits for a prefix (the model keeps only its last `context` tokens). */
export type NextTokenLogits = (prefix: readonly number[]) => Float32Array | number[]

/** Draws one token id from logits with temperature / top-k. */
export function sampleToken(logits: ArrayLike<number>, rng: Rng, temperature = 1, topK = 0, banned: readonly number[] = []): number {
  const n = logits.length
  const allowed = new Uint8Array(n).fill(1)
  for (const b of banned) if (b >= 0 && b < n) allowed[b] = 0
  if (temperature <= 0) {
    let best = -1
    for (let i = 0; i < n; i++) if (allowed[i] && (best < 0 || logits[i]! > logits[best]!)) best = i
    return best
  }
  let ids = Array.from({ length: n }, (_, i) => i).filter((i) => allowed[i])
  if (topK > 0 && topK < ids.length) {
    ids.sort((a, b) => logits[b]! - logits[a]! || a - b)
    ids = ids.slice(0, topK)
  }
  let max = -Infinity
  for (const i of ids) max = Math.max(max, logits[i]! / temperature)
  const w = ids.map((i) => Math.exp(logits[i]! / temperature - max))
  const total = w.reduce((a, b) => a + b, 0)
  let u = rng.next() * total
  for (let k = 0; k < ids.length; k++) {
    u -= w[k]!
    if (u <= 0) return ids[k]!
  }
  return ids[ids.length - 1]!
}

/** Token ids generated after `prompt` (the prompt itself is not returned). */
export function generateIds(next: NextTokenLogits, prompt: readonly number[], opts: GenerateOptions): number[] {
  const rng = trainRng(opts.seed, STREAM.sample)
  const seq = [...prompt]
  const out: number[] = []
  for (let i = 0; i < opts.maxTokens; i++) {
    const id = sampleToken(next(seq), rng, opts.temperature ?? 1, opts.topK ?? 0, opts.banned ?? [])
    if (opts.stopToken !== undefined && id === opts.stopToken) break
    seq.push(id)
    out.push(id)
  }
  return out
}

/** Text continuation of a prompt: encode, sample, decode (functions from the tokenizer). */
export function generateText(
  next: NextTokenLogits,
  prompt: string,
  codec: { encode(text: string): number[]; decode(ids: ArrayLike<number>): string },
  opts: GenerateOptions,
): string {
  return codec.decode(generateIds(next, codec.encode(prompt), opts))
}
