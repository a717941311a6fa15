import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { createSampler } from './create-sampler.ts'
import { deriveSeed } from './rng.ts'

function gridOf(parameters: string, extra = ''): ReturnType<typeof parseSweepSpec> {
  return parseSweepSpec(`method: grid\ntrainer: noop\n${extra}parameters:\n${parameters}`)
}

const NESTED = [
  '  lr: {values: [0.1, 0.01, 0.001]}',
  '  epochs: {value: 5}',
  '  opt:',
  '    parameters:',
  '      name: {values: [sgd, adam]}',
  '      nadam:',
  '        parameters:',
  '          beta: {values: [0.9, 0.99]}',
  '  layers: {min: 1, max: 2}',
  '',
].join('\n')

describe('grid sampler', () => {
  it('counts the cartesian product, nested parameters included', () => {
    expect(createSampler(gridOf(NESTED), 0).total).toBe(3 * 1 * 2 * 2 * 2)
  })

  it('caps total at run_cap, and not above the grid size', () => {
    expect(createSampler(gridOf(NESTED, 'run_cap: 10\n'), 0).total).toBe(10)
    expect(createSampler(gridOf(NESTED, 'run_cap: 1000\n'), 0).total).toBe(24)
  })

  it('decodes indexes to every combination exactly once', () => {
    const sampler = createSampler(gridOf(NESTED), 0)
    const seen = new Set<string>()
    for (let i = 0; i < 24; i++) seen.add(JSON.stringify(sampler.sample(i).params))
    expect(seen.size).toBe(24)
    const expected = new Set<string>()
    for (const lr of [0.1, 0.01, 0.001])
      for (const name of ['sgd', 'adam'])
        for (const beta of [0.9, 0.99])
          for (const layers of [1, 2]) expected.add(JSON.stringify({ lr, epochs: 5, opt: { name, nadam: { beta } }, layers }))
    expect(seen).toEqual(expected)
  })

  it('varies the last parameter fastest, like itertools.product', () => {
    const sampler = createSampler(gridOf('  a: {values: [1, 2]}\n  b: {values: [x, y, z]}\n'), 0)
    expect(Array.from({ length: 6 }, (_, i) => sampler.sample(i).params)).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ])
  })

  it('enumerates int_uniform inclusively and q_uniform as arange(min, max, q), below max, as W&B does', () => {
    const sampler = createSampler(gridOf('  n: {min: 3, max: 5}\n  q: {distribution: q_uniform, min: 0.1, max: 0.7, q: 0.2}\n'), 0)
    expect(sampler.total).toBe(9)
    expect(Array.from({ length: 9 }, (_, i) => sampler.sample(i).params)).toEqual(
      [3, 4, 5].flatMap((n) => [0.1, 0.3, 0.5].map((q) => ({ n, q }))),
    )
  })

  it("gives trial i the seed deriveSeed(sweepSeed, i) and the same point on every call", () => {
    const sampler = createSampler(gridOf(NESTED), 77)
    expect(sampler.sample(13).seed).toBe(deriveSeed(77, 13))
    expect(sampler.sample(13)).toEqual(sampler.sample(13))
    expect(createSampler(gridOf(NESTED), 78).sample(13).params).toEqual(sampler.sample(13).params)
  })

  it('hands out independent objects', () => {
    const sampler = createSampler(gridOf('  cfg: {values: [{depth: [1, 2]}]}\n'), 0)
    const first = sampler.sample(0).params as { cfg: { depth: number[] } }
    first.cfg.depth.push(3)
    expect(sampler.sample(0).params).toEqual({ cfg: { depth: [1, 2] } })
  })

  it('refuses an index outside the grid', () => {
    const sampler = createSampler(gridOf('  a: {values: [1, 2]}\n'), 0)
    for (const bad of [-1, 2, 0.5, Number.NaN]) {
      let error: unknown
      try {
        sampler.sample(bad)
      } catch (e) {
        error = e
      }
      expect(isSweeplabError(error)).toBe(true)
    }
  })
})
