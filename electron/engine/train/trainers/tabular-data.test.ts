import { describe, expect, it } from 'vitest'
import { encodeTabular } from './tabular-data.ts'

describe('tabular encoding', () => {
  const columns = {
    age: [20, 40, 60, null, 1000],
    color: ['red', 'blue', 'red', null, 'green'],
    id: [1, 2, 3, 4, 5],
    label: ['yes', 'no', 'yes', 'no', 'yes'],
  }

  it('standardizes numeric columns and one-hot encodes strings with training-row statistics only', () => {
    const d = encodeTabular({ columns, target: 'label', exclude: ['id'], trainRows: [0, 1, 2, 3], valRows: [4] })
    expect(d.task).toBe('classification')
    expect(d.classNames).toEqual(['no', 'yes'])
    expect(d.featureNames).toEqual(['age', 'color=<missing>', 'color=blue', 'color=red'])
    // age over training rows 20, 40, 60 (null skipped): mean 40, population std √(800/3).
    const std = Math.sqrt(800 / 3)
    const row = (split: { x: Float32Array }, i: number) => Array.from(split.x.subarray(i * 4, i * 4 + 4))
    expect(row(d.train, 0)[0]).toBeCloseTo(-20 / std, 5)
    expect(row(d.train, 0).slice(1)).toEqual([0, 0, 1])
    // A missing number becomes the mean (0); a missing string is its own category.
    expect(row(d.train, 3)).toEqual([0, 1, 0, 0])
    // The validation row's age is standardized with the training stats; "green" was never seen: all zeros.
    expect(row(d.val!, 0)[0]).toBeCloseTo(960 / std, 3)
    expect(row(d.val!, 0).slice(1)).toEqual([0, 0, 0])
    expect(Array.from(d.train.y)).toEqual([1, 0, 1, 0])
    expect(d.encoding!.numeric[0]).toMatchObject({ name: 'age', mean: 40 })
  })

  it('infers regression for a numeric target with many values, and reports bad targets clearly', () => {
    const n = 50
    const x = Array.from({ length: n }, (_, i) => i)
    const y = x.map((v) => 2 * v + 0.5)
    const d = encodeTabular({ columns: { x, y }, target: 'y', trainRows: x.slice(0, 40), valRows: x.slice(40) })
    expect(d.task).toBe('regression')
    expect(d.train.y).toBeInstanceOf(Float32Array)
    expect(d.val!.y[0]).toBe(80.5)
    expect(() => encodeTabular({ columns: { x, y }, target: 'z', trainRows: [0] })).toThrow(/target column "z" not found/)
    expect(() => encodeTabular({ columns: { x, y: [...y.slice(0, 49), 'oops'] }, target: 'y', task: 'regression', trainRows: x.slice(0, 40), valRows: [49] })).toThrow(/not a number/)
    expect(() => encodeTabular({ columns: { x, c: x.map((v) => (v < 45 ? 'a' : 'b')) }, target: 'c', trainRows: x.slice(0, 40), valRows: [46] })).toThrow(/class "b" that the training rows do not/)
  })
})
