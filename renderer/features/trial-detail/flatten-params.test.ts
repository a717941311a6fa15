import { describe, expect, it } from 'vitest'
import { flattenParams, formatParamValue } from './flatten-params.ts'

describe('flattenParams', () => {
  it('dots nested dicts in insertion order and keeps arrays and empty dicts as values', () => {
    expect(flattenParams({ lr: 0.1, optimizer: { name: 'adam', betas: { b1: 0.9 } }, layers: [64, 32], extra: {} })).toEqual([
      ['lr', 0.1],
      ['optimizer.name', 'adam'],
      ['optimizer.betas.b1', 0.9],
      ['layers', [64, 32]],
      ['extra', {}],
    ])
  })
})

describe('formatParamValue', () => {
  it('prints strings bare, numbers exactly, and the rest as compact JSON', () => {
    expect(formatParamValue('adam')).toBe('adam')
    expect(formatParamValue(0.1)).toBe('0.1')
    expect(formatParamValue(1e-7)).toBe('1e-7')
    expect(formatParamValue(-0)).toBe('-0')
    expect(formatParamValue(true)).toBe('true')
    expect(formatParamValue(null)).toBe('null')
    expect(formatParamValue([64, 32])).toBe('[64,32]')
  })
})
