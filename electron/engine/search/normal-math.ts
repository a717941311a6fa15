/** Standard-normal helpers for the TPE's truncated Gaussian kernels (no dependencies). */

const SQRT2 = Math.SQRT2
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/** erfc with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit), so far tails keep their digits. */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
  return x >= 0 ? r : 2 - r
}

/** Φ(x), the standard normal CDF; Φ(±∞) is exact. */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1
  if (x === -Infinity) return 0
  return 0.5 * erfc(-x / SQRT2)
}

/** log φ(x). */
export function logNormalPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI
}

/**
 * P(a < Z < b) for a standard normal Z, computed on the side of the tail where it keeps its digits
 * (Φ(b) - Φ(a) loses everything when both are close to 1).
 */
export function normalMass(a: number, b: number): number {
  if (!(b > a)) return 0
  return a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a)
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity
  if (p >= 1) return Infinity
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const pLow = 0.02425
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5
    const r = q * q
    return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  }
  const q = Math.sqrt(-2 * Math.log(1 - p))
  return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
}

/** log(Σ exp(xs[i])) without overflow; -∞ for an empty or all -∞ input. */
export function logSumExp(xs: ReadonlyArray<number>): number {
  let max = -Infinity
  for (const x of xs) if (x > max) max = x
  if (max === -Infinity) return -Infinity
  let sum = 0
  for (const x of xs) sum += Math.exp(x - max)
  return max + Math.log(sum)
}
