import { createRng } from '../../../electron/engine/search/rng.ts'

/** Uniform draws from a fixed seed, so a failing kill schedule can be replayed exactly. */
export function createSeededRandom(seed: number) {
  const rng = createRng(seed)
  return {
    /** A uniform number in [min, max). */
    between(min: number, max: number): number {
      return min + (max - min) * rng.next()
    },
    chance(p: number): boolean {
      return rng.next() < p
    },
  }
}
