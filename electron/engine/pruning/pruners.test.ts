import { describe, expect, it } from 'vitest'
import { createCurveBook, type CurveBook } from './curves.ts'
import { createAshaPruner, ashaRungs } from './asha.ts'
import { createHyperbandPruner, hyperbandBands } from './hyperband.ts'
import { createMedianPruner } from './median.ts'
import { createPruner, earlyTerminateProblem } from './create-pruner.ts'
import type { Pruner } from './pruner-types.ts'

/** Curves by trial id, one report per step 0, 1, 2, …; returns the book and every id's length before the last report. */
function book(goal: 'minimize' | 'maximize', curves: Record<number, number[]>): CurveBook {
  const b = createCurveBook(goal)
  for (const [id, values] of Object.entries(curves)) values.forEach((v, step) => b.add(Number(id), step, v))
  return b
}

/** Runs the pruner as if each running trial's last report had just arrived. */
function stopped(p: Pruner, b: CurveBook, running: number[]): number[] {
  const grown = new Map(running.map((id) => [id, (b.curves.get(id)?.values.length ?? 1) - 1]))
  return p.decide(b, new Set(running), grown).map((d) => d.trialId)
}

describe('curve book', () => {
  it('keeps reports in step order, oriented lower-is-better, with the best so far', () => {
    const b = createCurveBook('maximize')
    expect(b.add(1, 0, 0.5)).toBe(true)
    expect(b.add(1, 2, 0.8)).toBe(true)
    expect(b.add(1, 1, 0.9)).toBe(false)
    expect(b.add(1, 3, Infinity)).toBe(false)
    expect(b.curves.get(1)).toEqual({ steps: [0, 2], values: [-0.5, -0.8], best: -0.8 })
    // A re-report of the latest step replaces it, and the best with it.
    expect(b.add(1, 2, 0.6)).toBe(false)
    expect(b.curves.get(1)).toEqual({ steps: [0, 2], values: [-0.5, -0.6], best: -0.6 })
    expect(b.shown(-0.6)).toBe(0.6)
  })
})

describe('hyperband (W&B semantics)', () => {
  it('computes W&B bands from max_iter and s, and from min_iter', () => {
    expect(hyperbandBands({ maxIter: 5, s: 2, eta: 2, strict: false })).toEqual([1, 2])
    expect(hyperbandBands({ maxIter: 27, s: 2, eta: 3, strict: false })).toEqual([3, 9])
    expect(hyperbandBands({ maxIter: 81, s: 10, eta: 3, strict: false })).toEqual([1, 3, 9, 27])
    expect(hyperbandBands({ minIter: 3, eta: 3, strict: false }).slice(0, 4)).toEqual([3, 9, 27, 81])
    expect(hyperbandBands({ minIter: 2, eta: 2.5, strict: false }).slice(0, 3)).toEqual([2, 5, 12])
  })

  it("stops the runs of wandb/sweeps' own docstring example as its current code does", () => {
    // Bands 1 and 2 (reports). a and e finished: they set thresholds but are not stopped. Band 2's
    // threshold is 8 (the middle of 6…10): b (best 10) stops, c (best 8) ties and goes on.
    const b = book('minimize', { 1: [10, 9], 2: [10, 10], 3: [10, 8, 8], 4: [10, 7, 7], 5: [10, 6, 6] })
    const p = createHyperbandPruner({ maxIter: 5, s: 2, eta: 2, strict: false })
    const ds = p.decide(b, new Set([2, 3, 4]), new Map())
    expect(ds.map((d) => d.trialId)).toEqual([2])
    expect(ds[0]).toMatchObject({ step: 1, iteration: 2 })
    expect(ds[0]!.reason).toMatch(/band 2 .*best value so far, 10, .*threshold 8/)
  })

  it("matches wandb/sweeps' min_iter test: a flat run is stopped at band 3, the improving one is not", () => {
    const b = book('minimize', { 1: [10, 10, 10, 10], 2: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1] })
    expect(stopped(createHyperbandPruner({ minIter: 3, eta: 3, strict: false }), b, [1, 2])).toEqual([1])
  })

  it('judges nobody before the first band, and keeps a lone run', () => {
    const p = createHyperbandPruner({ minIter: 3, eta: 3, strict: false })
    expect(stopped(p, book('minimize', { 1: [1, 1], 2: [9, 9] }), [1, 2])).toEqual([])
    expect(stopped(p, book('minimize', { 1: [1, 1, 1], 2: [9, 9, 9] }), [1, 2])).toEqual([2])
    expect(stopped(p, book('minimize', { 1: [9, 9, 9, 9, 9] }), [1])).toEqual([])
  })

  it('negates a maximized metric', () => {
    const p = createHyperbandPruner({ minIter: 1, eta: 3, strict: false })
    const b = book('maximize', { 1: [0.9], 2: [0.6] })
    const ds = p.decide(b, new Set([1, 2]), new Map())
    expect(ds.map((d) => d.trialId)).toEqual([2])
    expect(ds[0]!.reason).toContain('0.6')
    expect(ds[0]!.reason).toContain('threshold 0.9')
  })

  it('strict judges the value at the band, not the best so far', () => {
    // Trial 2 was best at report 1 but has fallen behind at band 2 (its 2nd report, 6 > threshold 4).
    const curves = { 1: [5, 3], 2: [1, 6], 3: [5, 4] }
    const loose = createHyperbandPruner({ minIter: 2, eta: 2, strict: false })
    const strict = createHyperbandPruner({ minIter: 2, eta: 2, strict: true })
    expect(stopped(loose, book('minimize', curves), [2])).toEqual([])
    expect(stopped(strict, book('minimize', curves), [2])).toEqual([2])
  })

  it('thresholds count finished and pruned runs, and ignore non-finite reports', () => {
    const b = createCurveBook('minimize')
    ;[1, 1, 1].forEach((v, i) => b.add(1, i, v))
    b.add(2, 0, 3)
    b.add(2, 1, Number.NaN)
    b.add(2, 2, 3)
    expect(b.curves.get(2)!.values).toEqual([3, 3])
    // Trial 1 (not running) holds band 1's threshold; trial 2's NaN is not a report.
    expect(createHyperbandPruner({ minIter: 1, eta: 3, strict: false }).decide(b, new Set([2]), new Map()).map((d) => d.step)).toEqual([2])
  })
})

describe('asha', () => {
  it('places rungs at min_iter·eta^k below max_iter', () => {
    expect(ashaRungs({ minIter: 1, eta: 2, maxIter: 10 })).toEqual([1, 2, 4, 8])
    expect(ashaRungs({ minIter: 2, eta: 3, maxIter: 18 })).toEqual([2, 6])
  })

  it('keeps the first trial at each rung and stops one outside the top 1/eta of those that got there', () => {
    const p = createAshaPruner({ minIter: 1, eta: 2, maxIter: 16 })
    const b = book('minimize', { 1: [5, 4, 3, 2], 2: [6, 5] })
    // Trial 2 at rung 1: 2 trials there, the best 1 goes on: 6 > 5, stopped.
    expect(stopped(p, b, [2])).toEqual([2])
    const c = book('minimize', { 1: [5, 4, 3, 2], 2: [4] })
    expect(stopped(p, c, [2])).toEqual([])
  })

  it('judges a trial once per rung, when it arrives there', () => {
    const p = createAshaPruner({ minIter: 2, eta: 2 })
    const b = book('minimize', { 1: [1, 1, 1], 2: [5, 5, 5] })
    // Trial 2 passed rung 2 alone earlier (before = 2): reporting a 3rd value meets no rung.
    expect(p.decide(b, new Set([2]), new Map([[2, 2]]))).toEqual([])
    // The same curves when the 2nd report arrives: rung 2 is met now and trial 1 is ahead.
    expect(p.decide(b, new Set([2]), new Map([[2, 1]])).map((d) => d.trialId)).toEqual([2])
  })

  it('with eta 3, three trials at a rung keep one', () => {
    const p = createAshaPruner({ minIter: 1, eta: 3 })
    expect(stopped(p, book('maximize', { 1: [0.9], 2: [0.8], 3: [0.85] }), [3])).toEqual([3])
    expect(stopped(p, book('maximize', { 1: [0.9], 2: [0.8], 3: [0.95] }), [3])).toEqual([])
  })
})

describe('median', () => {
  const others = { 1: [5, 4, 3, 2], 2: [6, 5, 4, 3], 3: [4, 3, 2, 1] }

  it("stops a trial whose best so far is worse than the median of the others' values at the same report", () => {
    const p = createMedianPruner({ warmupSteps: 0, minTrials: 3 })
    const ds = p.decide(book('minimize', { ...others, 9: [9, 8] }), new Set([9]), new Map([[9, 0]]))
    expect(ds).toHaveLength(1)
    expect(ds[0]).toMatchObject({ trialId: 9, step: 1, iteration: 2 })
    // Both reports arrived together: judged at the 2nd, where the others had 4, 5 and 3.
    expect(ds[0]!.reason).toMatch(/at report 2 its best value 8 .*median 4 of 3/)
    expect(stopped(p, book('minimize', { ...others, 9: [5, 4] }), [9])).toEqual([])
  })

  it('waits for warmup_steps reports and for min_trials others', () => {
    expect(stopped(createMedianPruner({ warmupSteps: 2, minTrials: 3 }), book('minimize', { ...others, 9: [9, 8] }), [9])).toEqual([])
    expect(stopped(createMedianPruner({ warmupSteps: 2, minTrials: 3 }), book('minimize', { ...others, 9: [9, 8, 7] }), [9])).toEqual([9])
    expect(stopped(createMedianPruner({ warmupSteps: 0, minTrials: 4 }), book('minimize', { ...others, 9: [9, 8] }), [9])).toEqual([])
  })

  it('averages the two middle values of an even count', () => {
    const p = createMedianPruner({ warmupSteps: 0, minTrials: 2 })
    // Others at report 1: 2 and 4, median 3.
    expect(stopped(p, book('minimize', { 1: [2], 2: [4], 9: [3.5] }), [9])).toEqual([9])
    expect(stopped(p, book('minimize', { 1: [2], 2: [4], 9: [3] }), [9])).toEqual([])
  })
})

describe('createPruner / earlyTerminateProblem', () => {
  it('says what a hyperband or asha config lacks, as W&B would', () => {
    expect(earlyTerminateProblem({ type: 'hyperband', min_iter: 3 }, false)).toMatch(/needs a metric/)
    expect(earlyTerminateProblem({ type: 'hyperband' }, true)).toMatch(/min_iter, or max_iter with s/)
    expect(earlyTerminateProblem({ type: 'hyperband', max_iter: 27 }, true)).toMatch(/needs s/)
    expect(earlyTerminateProblem({ type: 'hyperband', min_iter: 3, max_iter: 27 }, true)).toMatch(/needs s .*W&B uses max_iter/)
    expect(earlyTerminateProblem({ type: 'hyperband', max_iter: 2, s: 2, eta: 3 }, true)).toMatch(/no band/)
    expect(earlyTerminateProblem({ type: 'asha', min_iter: 4, max_iter: 4 }, true)).toMatch(/no rung/)
    expect(earlyTerminateProblem({ type: 'hyperband', max_iter: 27, s: 2 }, true)).toBeNull()
    expect(earlyTerminateProblem({ type: 'median' }, true)).toBeNull()
  })

  it('uses max_iter and s when min_iter is set too, as W&B does', () => {
    // Bands from max_iter 9, s 1, eta 3: [3]. From min_iter 1 they would be 1, 3, …: band 1 would stop trial 9.
    const p = createPruner({ type: 'hyperband', min_iter: 1, max_iter: 9, s: 1 })
    const b = book('minimize', { 1: [1, 1, 1, 1], 2: [2, 2, 2, 2], 9: [9, 9] })
    expect(stopped(p, b, [9])).toEqual([])
    b.add(9, 2, 9)
    b.add(9, 3, 9)
    expect(stopped(p, b, [9])).toEqual([9])
  })

  it('builds each type with the defaults (eta 3, median min_trials 5)', () => {
    const curves = { 1: [1, 1], 2: [2, 2], 3: [3, 3], 4: [4, 4], 5: [5, 5] }
    expect(stopped(createPruner({ type: 'median' }), book('minimize', { ...curves, 9: [9, 9] }), [9])).toEqual([9])
    expect(stopped(createPruner({ type: 'median' }), book('minimize', { 1: [1, 1], 9: [9, 9] }), [9])).toEqual([])
    expect(stopped(createPruner({ type: 'asha', min_iter: 2 }), book('minimize', { ...curves, 9: [9, 9] }), [9])).toEqual([9])
    expect(stopped(createPruner({ type: 'hyperband', min_iter: 1 }), book('minimize', { ...curves, 9: [9, 9] }), [9])).toEqual([9])
  })
})
