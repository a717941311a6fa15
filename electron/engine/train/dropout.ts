import * as tf from '@tensorflow/tfjs'
import type { Rng } from './random.ts'

/**
 * Inverted dropout with a seeded JS RNG: a kept unit is scaled by 1/(1-rate) at train time, so
 * nothing changes at eval time. The mask is drawn in JS (not tf.randomUniform) so runs are
 * reproducible on every backend.
 */
export function dropoutMask(rng: Rng, size: number, rate: number, out: Float32Array = new Float32Array(size)): Float32Array {
  if (rate <= 0) return out.fill(1)
  const keep = 1 / (1 - rate)
  for (let i = 0; i < size; i++) out[i] = rng.next() < rate ? 0 : keep
  return out
}

/**
 * x · mask for a tensor (for autodiff models); x itself when rate is 0 or not training. Call it inside
 * tf.tidy / tf.variableGrads: the mask must live until the backward pass, so the scope frees it.
 */
export function dropout(x: tf.Tensor, rate: number, rng: Rng, training = true): tf.Tensor {
  if (!training || rate <= 0) return x
  return tf.mul(x, tf.tensor(dropoutMask(rng, x.size, rate), x.shape, 'float32'))
}
