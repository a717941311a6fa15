import { describe, expect, it } from 'vitest'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { createRng } from '../search/rng.ts'
import { sweepImportance, type ImportanceSweep } from './sweep-importance.ts'

function trials(n: number, seed = 1): Array<Pick<TrialSummary, 'id' | 'status' | 'params' | 'finalValue'>> {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => {
    const lr = 10 ** (-4 + 3 * rng.next())
    const width = Math.floor(rng.next() * 100)
    return { id: i + 1, status: 'completed', params: { lr, width }, finalValue: -Math.log10(lr) + width / 1000 }
  })
}

const SWEEP: ImportanceSweep = {
  metricName: 'loss',
  metricGoal: 'minimize',
  specJson: JSON.stringify({ parameters: { lr: { distribution: 'log_uniform_values', min: 1e-4, max: 0.1 }, width: { distribution: 'int_uniform', min: 0, max: 99 } } }),
}

describe('sweepImportance', () => {
  it('reads log-scale parameters from the stored spec', () => {
    const r = sweepImportance(SWEEP, trials(40))
    expect(r.ok && r.params.map((p) => [p.name, p.scale])).toEqual([['lr', 'log'], ['width', 'linear']])
  })

  it('answers an unchanged sweep from its cache with a copy, and refits when a trial finished', () => {
    const list = trials(40)
    const first = sweepImportance(SWEEP, list)
    const again = sweepImportance(SWEEP, list)
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
    if (again.ok) again.params.length = 0
    expect(sweepImportance(SWEEP, list)).toEqual(first)
    const more = sweepImportance(SWEEP, [...list, ...trials(5, 9).map((t, i) => ({ ...t, id: 100 + i }))])
    expect(more.ok && more.trials).toBe(45)
  })

  it('ignores trials that are still running or failed when deciding whether anything changed', () => {
    const list = trials(12)
    const base = sweepImportance(SWEEP, list)
    const running = { ...list[0]!, id: 99, status: 'running' as const, finalValue: 123 }
    expect(sweepImportance(SWEEP, [...list, running])).toEqual(base)
  })
})
