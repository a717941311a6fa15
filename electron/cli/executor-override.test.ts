import { describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../engine/config/parse-sweep-spec.ts'
import { withExecutorType } from './executor-override.ts'

describe('run --executor', () => {
  it('sets executor.type in the file, keeping its other executor keys and comments', () => {
    const text = 'method: grid  # the search\nprogram: t.py\nparameters: {x: {values: [1]}}\nexecutor: {type: local, partition: gpu}\n'
    const out = withExecutorType(text, 'slurm')
    expect(out).toContain('# the search')
    expect(parseSweepSpec(out).executor).toEqual({ type: 'slurm', partition: 'gpu' })
    expect(parseSweepSpec(withExecutorType('method: grid\nprogram: t.py\nparameters: {x: {values: [1]}}\n', 'slurm')).executor).toEqual({ type: 'slurm' })
  })

  it('leaves the text alone without the flag, or when it does not parse (the parser reports it)', () => {
    expect(withExecutorType('method: grid\n', undefined)).toBe('method: grid\n')
    expect(withExecutorType('method: [grid\n', 'slurm')).toBe('method: [grid\n')
  })
})
