import { describe, expect, it } from 'vitest'
import { flattenForDisplay, formatParamText } from './flatten-params.ts'

describe('flattenForDisplay', () => {
  it('dots nested dicts in insertion order and keeps arrays and empty dicts as values', () => {
    expect(flattenForDisplay({ lr: 0.1, optimizer: { name: 'adam', betas: { b1: 0.9 } }, layers: [64, 32], extra: {} })).toEqual([
      ['lr', 0.1],
      ['optimizer.name', 'adam'],
      ['optimizer.betas.b1', 0.9],
      ['layers', [64, 32]],
      ['extra', {}],
    ])
  })
})

describe('formatParamText', () => {
  it('prints strings bare, numbers exactly, and the rest as compact JSON', () => {
    expect(formatParamText('adam')).toBe('adam')
    expect(formatParamText(0.1)).toBe('0.1')
    expect(formatParamText(1e-7)).toBe('1e-7')
    expect(formatParamText(-0)).toBe('-0')
    expect(formatParamText(true)).toBe('true')
    expect(formatParamText(null)).toBe('null')
    expect(formatParamText([64, 32])).toBe('[64,32]')
  })
})
