/**
 * Seeded randomness for the samplers: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator:
 * 128-bit state, four adds/xors/shifts per output, passes PractRand and TestU01's BigCrush) keyed by
 * whole 32-bit words so that every (sweep seed, trial index) pair gets its own stream.
 */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number
}

const TWO_POW_32 = 2 ** 32
/** Domain tags keep the trial-seed hash and the sampling streams independent of each other. */
const DOMAIN_STREAM = 0x5eed_0001
const DOMAIN_TRIAL_SEED = 0x5eed_0002
/** sfc32's authors discard the first outputs so weak seeds decorrelate. */
const WARMUP_ROUNDS = 12

/** murmur3's 32-bit finalizer: a bijection with full avalanche. */
function fmix32(x: number): number {
  let h = x >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Low and high 32-bit words of a safe integer, so seeds and indexes beyond 2^32 stay distinct. */
function splitWords(n: number): [number, number] {
  return [n % TWO_POW_32 >>> 0, Math.floor(n / TWO_POW_32) >>> 0]
}

function hashWords(words: ReadonlyArray<number>, domain: number): number {
  let h = fmix32(domain)
  // Each step is a bijection of the running hash for a fixed word, so inputs that differ only in
  // their last words (consecutive trial indexes) never collide.
  for (const w of words) h = fmix32((h ^ w) + 0x9e3779b9)
  return h
}

function createSfc32(a0: number, b0: number, c0: number, d0: number): Rng {
  let a = a0 | 0
  let b = b0 | 0
  let c = c0 | 0
  let d = d0 | 0
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < WARMUP_ROUNDS; i++) nextUint32()
  return {
    nextUint32,
    next: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
  }
}

/**
 * A generator for the stream `(seed, stream)`. Both are safe integers; the 128-bit state is built from
 * four independently keyed hashes, so distinct pairs practically never share a stream.
 */
export function createRng(seed: number, stream = 0): Rng {
  const words = [...splitWords(seed), ...splitWords(stream)]
  return createSfc32(
    hashWords(words, DOMAIN_STREAM),
    hashWords(words, DOMAIN_STREAM + 1),
    hashWords(words, DOMAIN_STREAM + 2),
    hashWords(words, DOMAIN_STREAM + 3),
  )
}

/**
 * The seed handed to trial `index` (for its own RNGs: weight init, shuffling), in [0, 2^31 - 1].
 * A pure function of its inputs, so a resumed sweep gives each trial the seed it would have had.
 */
export function deriveSeed(sweepSeed: number, index: number): number {
  return hashWords([...splitWords(sweepSeed), ...splitWords(index)], DOMAIN_TRIAL_SEED) & 0x7fffffff
}
