import { describe, expect, it } from 'vitest'
import type { ImportanceResult, TrialSummary } from '../../../shared/api/types.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { createRng } from '../search/rng.ts'
import { computeImportance } from './compute-importance.ts'

type Trial = Pick<TrialSummary, 'status' | 'params' | 'finalValue'>

/** `n` trials with params drawn by `draw` and the metric from `metric`, plus Gaussian noise of sd `noise`. */
function synth(n: number, draw: (u: () => number) => Record<string, unknown>, metric: (p: Record<string, unknown>) => number, noise = 0.05, seed = 1): Trial[] {
  const rng = createRng(seed)
  const u = () => rng.next()
  const gauss = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())
  return Array.from({ length: n }, () => {
    const params = draw(u)
    return { status: 'completed' as const, params, finalValue: metric(params) + noise * gauss() }
  })
}

function okResult(r: ImportanceResult): Extract<ImportanceResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected an estimate, got ${r.reason}: ${r.message}`)
  return r
}

const byName = (r: Extract<ImportanceResult, { ok: true }>) => Object.fromEntries(r.params.map((p) => [p.name, p]))

describe('computeImportance', () => {
  it('ranks a strong, a weak and an irrelevant parameter in that order, with shares summing to 1', () => {
    const trials = synth(300, (u) => ({ x1: u(), x2: u(), x3: u() }), (p) => 4 * (p.x1 as number) + 0.8 * (p.x2 as number))
    const r = okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' }))
    expect(r.params.map((p) => p.name)).toEqual(['x1', 'x2', 'x3'])
    const { x1, x2, x3 } = byName(r)
    expect(x1!.importance).toBeGreaterThan(0.8)
    expect(x2!.importance).toBeGreaterThan(x3!.importance * 2)
    expect(x3!.importance).toBeLessThan(0.05)
    expect(r.params.reduce((s, p) => s + p.importance, 0)).toBeCloseTo(1, 9)
    // Linear effects: correlations near the true ones (x1 dominates the variance).
    expect(x1!.correlation).toBeGreaterThan(0.9)
    expect(x2!.correlation).toBeGreaterThan(0.05)
    expect(Math.abs(x3!.correlation!)).toBeLessThan(0.15)
    expect(x1!.rankProbability).toBe(1)
    expect(r).toMatchObject({ trials: 300, trees: 48, resamples: 30, metric: 'loss', goal: 'minimize' })
  })

  it('gives each share a 90% interval that contains it and is narrow for the dominant parameter', () => {
    const trials = synth(200, (u) => ({ x1: u(), x2: u(), x3: u() }), (p) => 4 * (p.x1 as number) + 0.8 * (p.x2 as number))
    for (const p of okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })).params) {
      expect(p.low).toBeLessThanOrEqual(p.importance)
      expect(p.high).toBeGreaterThanOrEqual(p.importance)
    }
    const { x1 } = byName(okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })))
    expect(x1!.high - x1!.low).toBeLessThan(0.2)
  })

  it('is less certain of the order of two equally important parameters than of a clear winner', () => {
    const trials = synth(120, (u) => ({ a: u(), b: u(), c: u() }), (p) => 3 * (p.c as number) + (p.a as number) + (p.b as number), 0.3)
    const r = byName(okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })))
    expect(r.c!.rankProbability).toBeGreaterThan(0.9)
    expect(Math.min(r.a!.rankProbability, r.b!.rankProbability)).toBeLessThan(0.9)
  })

  it('finds a parameter with an optimum inside its range, where correlation sees nothing', () => {
    const trials = synth(200, (u) => ({ x: u(), y: u() }), (p) => 10 * ((p.x as number) - 0.5) ** 2 + 0.3 * (p.y as number))
    const r = byName(okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })))
    expect(r.x).toMatchObject({ rank: 1, rankProbability: 1 })
    expect(r.x!.importance).toBeGreaterThan(0.8)
    expect(Math.abs(r.x!.correlation!)).toBeLessThan(0.2)
  })

  it('finds a categorical effect through its levels, with no correlation for it', () => {
    const effect: Record<string, number> = { adam: 0, sgd: 1.5, rmsprop: 0.2 }
    const trials = synth(150, (u) => ({ optimizer: ['adam', 'sgd', 'rmsprop'][Math.floor(u() * 3)], dropout: u() }), (p) => effect[p.optimizer as string]! + 0.1 * (p.dropout as number))
    const r = okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' }))
    expect(r.params[0]).toMatchObject({ name: 'optimizer', scale: 'categorical', correlation: null })
    expect(r.params[0]!.importance).toBeGreaterThan(0.9)
  })

  it('reads a log-scale parameter in log10 space, from the spec', () => {
    // The metric is linear in log10(lr): on a linear axis most of the range is flat, in log space it is a line.
    const spec: Record<string, SweepParameter> = { lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 }, wd: { distribution: 'uniform', min: 0, max: 1 } }
    const trials = synth(150, (u) => ({ lr: 10 ** (-5 + 4 * u()), wd: u() }), (p) => -Math.log10(p.lr as number) + 0.2 * (p.wd as number), 0.05)
    const withSpec = byName(okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize', parameters: spec })))
    expect(withSpec.lr).toMatchObject({ scale: 'log' })
    expect(withSpec.lr!.correlation).toBeLessThan(-0.98)
    expect(withSpec.wd).toMatchObject({ scale: 'linear' })
    const withoutSpec = byName(okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })))
    expect(withoutSpec.lr).toMatchObject({ scale: 'linear' })
    // On the raw axis the same trials look far less linear.
    expect(Math.abs(withoutSpec.lr!.correlation!)).toBeLessThan(0.9)
  })

  it('flattens nested params to dotted names and skips the ones that never vary', () => {
    const trials = synth(60, (u) => ({ opt: { lr: u(), kind: 'adam' }, epochs: 3, width: u() }), (p) => 2 * ((p.opt as { lr: number }).lr))
    const r = okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' }))
    expect(r.params.map((p) => p.name).sort()).toEqual(['opt.lr', 'width'])
    expect(r.params[0]!.name).toBe('opt.lr')
  })

  it('counts completed and pruned trials with a value, and says how many more it needs', () => {
    const trials: Trial[] = [
      ...synth(6, (u) => ({ a: u(), b: u(), c: u(), d: u(), e: u(), f: u() }), () => 1),
      { status: 'pruned', params: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, finalValue: 3 },
      { status: 'pruned', params: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, finalValue: null },
      { status: 'failed', params: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, finalValue: 2 },
      { status: 'running', params: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, finalValue: 2 },
    ]
    expect(computeImportance({ trials, metricName: 'acc', goal: 'maximize' })).toEqual({
      ok: false, reason: 'too-few-trials', metric: 'acc', have: 7, minimum: 12, needed: 5,
      message: '5 more finished trials with a value of acc needed (7 of 12 for 6 parameters)',
    })
  })

  it('needs at least 10 trials however few parameters vary', () => {
    const r = computeImportance({ trials: synth(9, (u) => ({ x: u() }), (p) => p.x as number), metricName: 'loss', goal: 'minimize' })
    expect(r).toMatchObject({ ok: false, reason: 'too-few-trials', have: 9, minimum: 10, needed: 1 })
    expect(r.ok ? '' : r.message).toBe('1 more finished trial with a value of loss needed (9 of 10 for 1 parameter)')
    expect(computeImportance({ trials: synth(10, (u) => ({ x: u() }), (p) => p.x as number), metricName: 'loss', goal: 'minimize' }).ok).toBe(true)
  })

  it('explains why there is nothing to rank: no metric, no varying parameter, a constant metric', () => {
    const trials = synth(20, (u) => ({ x: u() }), (p) => p.x as number)
    expect(computeImportance({ trials, metricName: null, goal: 'minimize' })).toMatchObject({ ok: false, reason: 'no-metric', needed: 0 })
    const fixed = synth(20, () => ({ x: 1 }), () => 0)
    expect(computeImportance({ trials: fixed, metricName: 'loss', goal: 'minimize' })).toMatchObject({ ok: false, reason: 'no-varying-params' })
    const flat = synth(20, (u) => ({ x: u() }), () => 2, 0)
    expect(computeImportance({ trials: flat, metricName: 'loss', goal: 'minimize' })).toMatchObject({
      ok: false, reason: 'constant-metric', message: 'every finished trial has loss = 2; nothing to explain',
    })
  })

  it('treats a parameter missing from some trials as categorical, with "(not set)" as a level', () => {
    const trials = synth(80, (u) => (u() < 0.5 ? { x: u() } : { x: u(), momentum: 0.9 }), (p) => (p.momentum === undefined ? 0 : 2) + 0.1 * (p.x as number))
    const r = byName(okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })))
    expect(r.momentum).toMatchObject({ scale: 'categorical', rank: 1, correlation: null })
  })

  it('is deterministic: the same trials give the same answer', () => {
    const trials = synth(100, (u) => ({ x1: u(), x2: u() }), (p) => (p.x1 as number) + (p.x2 as number))
    expect(computeImportance({ trials, metricName: 'loss', goal: 'minimize' })).toEqual(computeImportance({ trials, metricName: 'loss', goal: 'minimize' }))
  })

  it('handles 10k trials × 10 parameters in about a second', () => {
    const names = Array.from({ length: 10 }, (_, i) => `p${i}`)
    const trials = synth(10_000, (u) => Object.fromEntries(names.map((n) => [n, u()])), (p) => names.reduce((s, n, i) => s + (p[n] as number) / (i + 1), 0))
    // CPU time of this test process, not wall time: other test files share the two cores.
    const start = process.cpuUsage()
    const r = okResult(computeImportance({ trials, metricName: 'loss', goal: 'minimize' }))
    const { user, system } = process.cpuUsage(start)
    expect(r.params[0]!.name).toBe('p0')
    expect(r.params[1]!.name).toBe('p1')
    // ~0.6 s on the CI machine's cores.
    expect((user + system) / 1000).toBeLessThan(1500)
  })
})
