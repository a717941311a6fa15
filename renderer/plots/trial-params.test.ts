import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { flatParams, formatParamValue, paramNames, trialLabel } from './trial-params.ts'

describe('trial params', () => {
  it('flattens nested parameters to dotted names and lists names across trials', () => {
    const t = makeTrial({ params: { opt: { lr: 0.1, betas: [0.9, 0.99] }, layers: 2, empty: {} } })
    expect(flatParams(t)).toEqual({ 'opt.lr': 0.1, 'opt.betas': [0.9, 0.99], layers: 2, empty: {} })
    expect(flatParams(t)).toBe(flatParams(t))
    expect(paramNames([makeTrial({ params: { b: 1 } }), t])).toEqual(['b', 'empty', 'layers', 'opt.betas', 'opt.lr'])
  })

  it('formats values and labels trials', () => {
    expect(formatParamValue(0.000123456)).toBe('1.235e-4')
    expect(formatParamValue(32)).toBe('32')
    expect(formatParamValue(true)).toBe('true')
    expect(formatParamValue([1, 2])).toBe('[1,2]')
    expect(trialLabel({ index: 4, attempt: 1 })).toBe('#4')
    expect(trialLabel({ index: 4, attempt: 2 })).toBe('#4 (attempt 2)')
  })
})
