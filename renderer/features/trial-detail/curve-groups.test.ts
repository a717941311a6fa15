import { describe, expect, it } from 'vitest'
import { groupMetricNames, splitSeries } from './curve-groups.ts'

describe('groupMetricNames', () => {
  it('puts the sweep metric first, then one group per fold in natural order', () => {
    const names = ['accuracy', 'fold10/loss', 'fold2/loss', 'fold2/val_loss', 'loss', 'val_loss']
    expect(groupMetricNames(names, 'val_loss')).toEqual([
      { prefix: null, names: ['val_loss', 'accuracy', 'loss'] },
      { prefix: 'fold2', names: ['fold2/loss', 'fold2/val_loss'] },
      { prefix: 'fold10', names: ['fold10/loss'] },
    ])
  })

  it('has no own group when every metric is per fold, and ignores a primary metric the list lacks', () => {
    expect(groupMetricNames(['fold1/loss'], 'missing')).toEqual([{ prefix: 'fold1', names: ['fold1/loss'] }])
    expect(groupMetricNames([], null)).toEqual([])
  })
})

describe('splitSeries', () => {
  const s = (name: string, values: (number | null)[]) => ({ name, steps: values.map((_, i) => 10 + i), values })

  it('keeps series with two or more points as curves and drops empty ones', () => {
    const { curves, singles } = splitSeries([s('loss', [1, 0.5]), s('missing', []), s('test_acc', [0.9])])
    expect(curves.map((c) => c.name)).toEqual(['loss'])
    expect(singles).toEqual([{ name: 'test_acc', value: 0.9, step: 10, std: null }])
  })

  it('puts a _std value beside its mean instead of on its own row', () => {
    const { singles } = splitSeries([s('val_acc', [0.95]), s('val_acc_std', [0.03]), s('lonely_std', [0.1])])
    expect(singles).toEqual([
      { name: 'val_acc', value: 0.95, step: 10, std: 0.03 },
      { name: 'lonely_std', value: 0.1, step: 10, std: null },
    ])
  })
})
