import { createRng } from '../search/rng.ts'
import type { Rng } from '../search/rng.ts'

export type { Rng }

/**
 * Seeded randomness for training. Every consumer (weight init, shuffling, dropout) takes its own
 * stream of the trial seed, so adding dropout to a model does not change its initial weights.
 */
export const STREAM = { init: 1, shuffle: 2, dropout: 3, split: 4, sample: 5 } as const

export function trainRng(seed: number, stream: number): Rng {
  return createRng(seed, stream)
}

/** A standard normal draw (Box–Muller; the second value of each pair is dropped to stay stateless). */
export function normal(rng: Rng): number {
  let u = rng.next()
  while (u <= 0) u = rng.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next())
}

/** Fisher–Yates shuffle of 0..n-1 into `out` (reused between epochs, so no allocation per epoch). */
export function permutation(rng: Rng, n: number, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1)
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}
