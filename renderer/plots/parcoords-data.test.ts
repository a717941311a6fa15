import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { buildParcoordsData } from './parcoords-data.ts'
import { scaleHintsFromSpec } from './spec-scales.ts'
import { buildSweepAxes, METRIC_AXIS } from './sweep-axes.ts'
import { paramNames } from './trial-params.ts'

const trials = [
  makeTrial({ id: 11, params: { lr: 1e-4, optimizer: 'sgd', layers: 2, epochs: 10 }, finalValue: 0.9 }),
  makeTrial({ id: 12, params: { lr: 1e-2, optimizer: 'adam', layers: 10, epochs: 10 }, finalValue: 0.3 }),
  makeTrial({ id: 13, params: { lr: 1e-1, optimizer: 'adamw', layers: 3, epochs: 20 }, finalValue: 0.5 }),
  // No metric value yet (running): not drawn.
  makeTrial({ id: 14, status: 'running', params: { lr: 1e-3, optimizer: 'sgd', layers: 2, epochs: 10 }, finalValue: null }),
]

function figure(ts = trials, opts: Partial<Parameters<typeof buildParcoordsData>[2]> = {}, spec?: unknown) {
  const axes = buildSweepAxes(ts, paramNames(ts), scaleHintsFromSpec(spec), 'val_loss')
  return buildParcoordsData(ts, axes, { goal: 'minimize', ...opts })
}

describe('buildParcoordsData', () => {
  const fig = figure()
  const dims = fig.data.dimensions!

  it('draws one line per trial with a metric value, in a known order, metric axis last', () => {
    expect(fig.trialIds).toEqual([11, 12, 13])
    expect(fig.undrawn).toBe(1)
    expect(dims.map((d) => d.label)).toEqual(['epochs', 'layers', 'lr (log)', 'optimizer', 'val_loss'])
    expect(dims[4]!.values).toEqual([0.9, 0.3, 0.5])
    expect(fig.axes.map((a) => a.key)).toEqual(['epochs', 'layers', 'lr', 'optimizer', METRIC_AXIS])
  })

  it('puts categorical params on labelled axes with sorted categories, any combination brushable', () => {
    const opt = dims[3]!
    expect(opt.ticktext).toEqual(['adam', 'adamw', 'sgd'])
    expect(opt.tickvals).toEqual([0, 1, 2])
    expect(opt.values).toEqual([2, 0, 1])
    expect(opt.range).toEqual([0, 2])
    expect(opt.multiselect).toBe(true)
    expect(dims[0]!.multiselect).toBe(false)
  })

  it('draws a log axis as log10 with real-unit ticks, the range widened to enclosing ticks', () => {
    const lr = dims[2]!
    expect(lr.values).toEqual([-4, -2, -1].map((v) => expect.closeTo(v, 10)))
    expect(lr.range).toEqual([expect.closeTo(-4, 10), expect.closeTo(-1, 10)])
    expect(lr.ticktext).toContain('1e-4')
    expect(lr.ticktext).toContain('0.01')
    // Every mantissa has a tick (so brushes snap finely); only the 1s are labelled beyond two decades.
    expect(lr.tickvals).toHaveLength(28)
    const text = lr.ticktext as string[]
    expect(text.filter((t) => /\d/.test(t))).toEqual(['1e-4', '0.001', '0.01', '0.1'])
    // Unlabelled ticks need distinct texts: parcoords keys ticks by text.
    expect(new Set(text).size).toBe(text.length)
    // 2..10 is under two decades and no distribution says log: linear.
    expect(dims[1]!.label).toBe('layers')
    expect(dims[1]!.tickvals).toBeUndefined()
  })

  it('follows the distribution: log for log_uniform_values even over a narrow span, linear for uniform over a wide one', () => {
    const ts = [1, 2, 3].map((i) => makeTrial({ id: i, params: { lr: i * 1e-3, width: 10 ** i }, finalValue: i }))
    const spec = { parameters: { lr: { distribution: 'log_uniform_values', min: 1e-3, max: 1e-2 }, width: { distribution: 'uniform', min: 0, max: 2000 } } }
    const f = figure(ts, {}, spec)
    expect(f.data.dimensions!.map((d) => d.label)).toEqual(['lr (log)', 'width', 'val_loss'])
    // The distribution's bounds widen the axis: it does not move as trials arrive.
    expect(f.data.dimensions![1]!.range).toEqual([0, 2000])
    expect(f.data.dimensions![0]!.range).toEqual([expect.closeTo(-3, 10), expect.closeTo(-2, 10)])
  })

  it('colours by rank on the metric, best = 1 (drawn on top), with the colour bar labelled in real units', () => {
    const line = fig.data.line!
    // Minimize: 0.3 is the best (1), 0.9 the worst (0).
    expect(line.color).toEqual([0, 1, 0.5])
    expect([line.cmin, line.cmax]).toEqual([0, 1])
    const bar = line.colorbar as { tickvals: number[]; ticktext: string[] }
    // The ends are named, and a lower loss sits higher on the bar.
    expect(bar.ticktext[0]).toBe('0.9')
    expect(bar.ticktext[bar.ticktext.length - 1]).toBe('0.3')
    const values = bar.ticktext.map(Number)
    expect(values.every((v, i) => i === 0 || v < values[i - 1]!)).toBe(true)
    expect(bar.tickvals.every((v, i) => i === 0 || v > bar.tickvals[i - 1]!)).toBe(true)
    const max = buildParcoordsData(trials, buildSweepAxes(trials, ['lr'], new Map(), 'acc'), { goal: 'maximize' })
    expect(max.data.line!.color).toEqual([1, 0, 0.5])
  })

  it('spreads colours evenly over a skewed metric, so one diverged trial does not wash the rest out', () => {
    const many = Array.from({ length: 300 }, (_, i) => makeTrial({ id: i + 1, params: { x: i }, finalValue: i === 0 ? 1e6 : 1 + i / 300 }))
    const c = figure(many).data.line!.color as number[]
    // The diverged trial is last; the others spread over the whole scale in order.
    expect(c[0]).toBe(0)
    expect(c[1]).toBe(1)
    expect(c[150]).toBeCloseTo(1 - 149 / 299, 10)
    // Tied values share a rank.
    const tied = figure([1, 2, 3].map((id) => makeTrial({ id, params: { x: id }, finalValue: id === 3 ? 5 : 1 }))).data.line!.color
    expect(tied).toEqual([0.75, 0.75, 0])
  })

  it('fades the worse end of the colour scale towards the background only when there are many lines', () => {
    const few = figure(trials, { background: '#ffffff' }).data.line!.colorscale as [number, string][]
    expect(few[0]).toEqual([0, '#440154'])
    const many = Array.from({ length: 5000 }, (_, i) => makeTrial({ id: i + 1, params: { x: i }, finalValue: i }))
    const faded = figure(many, { background: '#ffffff' }).data.line!.colorscale as [number, string][]
    expect(faded[0]![1]).toMatch(/^rgb\(/)
    // Towards white: every channel well above Viridis' dark purple.
    const rgb = faded[0]![1].match(/\d+/g)!.map(Number)
    expect(Math.min(...rgb)).toBeGreaterThan(150)
    expect(faded[faded.length - 1]).toEqual([1, 'rgb(253,231,37)'])
  })

  it('shows filters as constraint ranges in axis units, and colours filtered-out lines with the context colour', () => {
    const f = figure(trials, {
      filters: { lr: { kind: 'range', min: 1e-3, max: 0.1 }, optimizer: { kind: 'categories', values: ['adam', 'sgd'] } },
      contextColor: '#888888',
    })
    const d = f.data.dimensions!
    expect(d[3]!.constraintrange).toEqual([[-0.25, 0.25], [1.75, 2.25]])
    const lr = d[2]!.constraintrange as number[]
    expect(lr[0]).toBeCloseTo(-3 - 0.25 * Math.log10(10 / 9), 10)
    expect(lr[1]).toBeCloseTo(-1, 10)
    expect(d[0]!.constraintrange).toBeUndefined()
    expect((f.data as { unselected?: unknown }).unselected).toEqual({ line: { color: '#888888' } })
  })

  it('orders parameter axes as dragged, keeping the metric last', () => {
    const f = figure(trials, { order: ['optimizer', 'lr'] })
    expect(f.axes.map((a) => a.key)).toEqual(['optimizer', 'lr', 'epochs', 'layers', METRIC_AXIS])
  })

  it('skips trials missing a parameter (conditional ones), flattens nested ones, and handles no trials', () => {
    const mixed = [...trials, makeTrial({ id: 15, params: { lr: 0.5 }, finalValue: 0.1 })]
    expect(figure(mixed).trialIds).toEqual([11, 12, 13])
    const nested = [1, 2].map((id) => makeTrial({ id, params: { opt: { lr: id / 10, name: 'adam' } }, finalValue: id }))
    expect(figure(nested).data.dimensions!.map((d) => d.label)).toEqual(['opt.lr', 'val_loss'])
    const empty = figure([])
    expect(empty.trialIds).toEqual([])
    expect(empty.data.dimensions).toEqual([])
  })

  it('leaves out a parameter that has one value in every trial, and colours by the final value', () => {
    const fixed = [11, 12, 13].map((id) => makeTrial({ id, params: { lr: id / 100, epochs: 40 }, finalValue: id, bestValue: 0 }))
    const f = figure(fixed)
    expect(f.data.dimensions?.map((d) => d.label)).toEqual(['lr', 'val_loss'])
    expect(f.data.line?.color).toEqual([1, 0.5, 0])
  })
})
