import { describe, expect, it } from 'vitest'
import { scaleHintsFromSpec } from './spec-scales.ts'

describe('scaleHintsFromSpec', () => {
  it('reads log and linear hints, with bounds in real units (W&B exponents converted)', () => {
    const hints = scaleHintsFromSpec({
      parameters: {
        a: { distribution: 'log_uniform', min: -9.21, max: -2.3 },
        b: { distribution: 'log_uniform_values', min: 1e-4, max: 0.1 },
        c: { distribution: 'q_log_uniform_values', min: 1, max: 1024, q: 1 },
        d: { distribution: 'inv_log_uniform', min: 1, max: 3 },
        e: { distribution: 'inv_log_uniform_values', min: 0.01, max: 1 },
        f: { distribution: 'uniform', min: 0, max: 1 },
        g: { distribution: 'int_uniform', min: 1, max: 8 },
        h: { distribution: 'categorical', values: [1e-4, 1e-2] },
        i: { distribution: 'constant', value: 3 },
        j: { distribution: 'log_normal', mu: 0, sigma: 1 },
      },
    })
    expect(hints.get('a')).toEqual({ hint: 'log', bounds: { min: expect.closeTo(Math.exp(-9.21), 12), max: expect.closeTo(Math.exp(-2.3), 12) } })
    expect(hints.get('b')).toEqual({ hint: 'log', bounds: { min: 1e-4, max: 0.1 } })
    expect(hints.get('c')?.hint).toBe('log')
    expect(hints.get('d')).toEqual({ hint: 'log', bounds: { min: expect.closeTo(Math.exp(-3), 12), max: expect.closeTo(Math.exp(-1), 12) } })
    expect(hints.get('e')).toEqual({ hint: 'log', bounds: { min: 0.01, max: 1 } })
    expect(hints.get('f')).toEqual({ hint: 'linear', bounds: { min: 0, max: 1 } })
    expect(hints.get('g')).toEqual({ hint: 'linear', bounds: { min: 1, max: 8 } })
    // A values list says nothing: the span decides later.
    expect(hints.has('h')).toBe(false)
    expect(hints.has('i')).toBe(false)
    expect(hints.get('j')).toEqual({ hint: 'log' })
  })

  it('names nested parameters by their dotted path', () => {
    const hints = scaleHintsFromSpec({ parameters: { optimizer: { parameters: { lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 } } } } })
    expect([...hints.keys()]).toEqual(['optimizer.lr'])
  })

  it('tolerates a spec it cannot read', () => {
    expect(scaleHintsFromSpec(null).size).toBe(0)
    expect(scaleHintsFromSpec({ parameters: [1, 2] }).size).toBe(0)
    expect(scaleHintsFromSpec({ parameters: { a: 'x', b: { distribution: 'uniform', min: 'low' } } }).get('b')).toEqual({ hint: 'linear', bounds: { min: undefined, max: undefined } })
  })
})
