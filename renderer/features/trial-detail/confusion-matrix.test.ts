import { describe, expect, it } from 'vitest'
import { parseConfusionMatrix, summarizeConfusion } from './confusion-matrix.ts'

describe('summarizeConfusion', () => {
  it('computes per-class precision, recall, F1 and support from the counts (rows true, columns predicted)', () => {
    // true ham: 8 right, 2 called spam; true spam: 1 called ham, 4 right.
    const s = summarizeConfusion({ split: 'val', labels: ['ham', 'spam'], matrix: [[8, 2], [1, 4]] })
    const [ham, spam] = s.classes
    expect(ham).toMatchObject({ label: 'ham', support: 10, predicted: 9 })
    expect(ham!.precision).toBeCloseTo(8 / 9)
    expect(ham!.recall).toBeCloseTo(0.8)
    expect(ham!.f1).toBeCloseTo((2 * (8 / 9) * 0.8) / (8 / 9 + 0.8))
    expect(spam!.precision).toBeCloseTo(4 / 6)
    expect(spam!.recall).toBeCloseTo(0.8)
    expect(s.total).toBe(15)
    expect(s.accuracy).toBeCloseTo(12 / 15)
    expect(s.macro.recall).toBeCloseTo(0.8)
    expect(s.weighted.precision).toBeCloseTo(((8 / 9) * 10 + (4 / 6) * 5) / 15)
  })

  it('scores 0 where a denominator is 0 and leaves classes absent everywhere out of the macro mean (sklearn)', () => {
    const s = summarizeConfusion({ split: 'val', labels: ['a', 'b', 'c'], matrix: [[3, 0, 0], [2, 0, 0], [0, 0, 0]] })
    expect(s.classes[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 2 })
    expect(s.classes[2]).toMatchObject({ precision: 0, recall: 0, support: 0, predicted: 0 })
    // Only a and b count: precision (0.6 + 0) / 2.
    expect(s.macro.precision).toBeCloseTo(0.3)
  })
})

describe('parseConfusionMatrix', () => {
  it('reads the file the trainers write', () => {
    expect(parseConfusionMatrix('{"split":"test","labels":["a","b"],"matrix":[[1,0],[0,1]]}')).toEqual({ split: 'test', labels: ['a', 'b'], matrix: [[1, 0], [0, 1]] })
  })

  it('names classes by index when labels are missing, and rejects a matrix that is not square', () => {
    expect(parseConfusionMatrix('{"matrix":[[1]]}').labels).toEqual(['0'])
    expect(() => parseConfusionMatrix('{"labels":["a","b"],"matrix":[[1,0]]}')).toThrow(/2 × 2|1 × 1/)
    expect(() => parseConfusionMatrix('{"matrix":[["x"]]}')).toThrow(/non-negative numbers/)
  })
})
