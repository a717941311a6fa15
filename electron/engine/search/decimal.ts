/** Digits after the point in the shortest round-trip form of `x`: 0.05 → 2, 1e-7 → 7, 3 → 0. */
export function decimalPlaces(x: number): number {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)))
  if (!m) return 0
  return Math.max(0, (m[2]?.length ?? 0) - Number(m[3] ?? 0))
}

/** The double nearest to `x` written with `digits` decimals, so 3 * 0.1 reads 0.3, not 0.30000000000000004. */
export function roundToDecimals(x: number, digits: number): number {
  if (digits <= 0) return Math.round(x) + 0
  // toFixed accepts at most 100 digits and switches to exponent form at 1e21, which Number() still reads.
  return Number(x.toFixed(Math.min(digits, 100))) + 0
}

/** numpy's `round`: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** W&B's quantization `round(x / q) * q`, printed at q's precision; -0 becomes 0. */
export function quantize(x: number, q: number): number {
  const k = roundHalfEven(x / q)
  return Number.isInteger(q) ? k * q + 0 : roundToDecimals(k * q, decimalPlaces(q))
}
