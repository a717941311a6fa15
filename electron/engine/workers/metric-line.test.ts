import { describe, expect, it } from 'vitest'
import { createMetricLineParser } from './metric-line.ts'

describe('metric line parser', () => {
  it('reads every numeric key of a record at its step', () => {
    const p = createMetricLineParser()
    expect(p.parseLine('{"step": 3, "loss": 0.5, "acc": 0.75}', 1000)).toEqual({
      rows: [['loss', 3, 0.5, 1000], ['acc', 3, 0.75, 1000]],
      nonFinite: null,
    })
  })

  it('counts steps itself when a record has none, continuing after an explicit step', () => {
    const p = createMetricLineParser()
    const steps = ['{"loss": 1}', '{"loss": 2}', '{"step": 10, "loss": 3}', '{"loss": 4}'].map((l) => {
      const r = p.parseLine(l, 0)
      if ('error' in r) throw new Error(r.error)
      return r.rows[0]![1]
    })
    expect(steps).toEqual([0, 1, 10, 11])
  })

  it('flattens nested objects into dotted names and uses _time when given', () => {
    const p = createMetricLineParser()
    const r = p.parseLine('{"step": 0, "val": {"loss": 1.5, "acc": 0.5}, "_time": 42, "note": "text"}', 7)
    expect(r).toEqual({ rows: [['val.loss', 0, 1.5, 42], ['val.acc', 0, 0.5, 42]], nonFinite: null })
  })

  it('flags NaN and infinities, written as strings or null, as non-finite', () => {
    for (const v of ['"NaN"', '"Infinity"', '"-Infinity"', 'null']) {
      const p = createMetricLineParser()
      const r = p.parseLine(`{"step": 5, "loss": ${v}}`, 0)
      if ('error' in r) throw new Error(r.error)
      expect(r.rows).toEqual([['loss', 5, null, 0]])
      expect(r.nonFinite).toMatch(/^loss=.* at step 5$/)
    }
  })

  it('rejects malformed lines with a message instead of throwing', () => {
    const p = createMetricLineParser()
    expect(p.parseLine('{"loss": 0.1', 0)).toHaveProperty('error', expect.stringMatching(/^not JSON/))
    expect(p.parseLine('[1, 2]', 0)).toHaveProperty('error', expect.stringMatching(/expected a JSON object/))
    expect(p.parseLine('{"step": -1, "loss": 1}', 0)).toHaveProperty('error', expect.stringMatching(/non-negative integer/))
    expect(p.parseLine('{"step": 1.5, "loss": 1}', 0)).toHaveProperty('error')
  })

  it("reads Python json.dumps' bare NaN and Infinity as non-finite values", () => {
    const p = createMetricLineParser()
    const r = p.parseLine('{"step": 2, "loss": NaN, "acc": 0.5, "gap": -Infinity}', 0)
    if ('error' in r) throw new Error(r.error)
    expect(r.rows).toEqual([['loss', 2, null, 0], ['acc', 2, 0.5, 0], ['gap', 2, null, 0]])
    expect(r.nonFinite).toBe('loss=NaN at step 2')
    // Only bare tokens in value position are patched: a key that merely contains the word stays malformed.
    expect(p.parseLine('{NaN: 1}', 0)).toHaveProperty('error')
  })

  it('rejects steps beyond the exactly representable integers', () => {
    const p = createMetricLineParser()
    expect(p.parseLine('{"step": 9007199254740993, "loss": 1}', 0)).toHaveProperty('error')
  })
})
