import { describe, expect, it } from 'vitest'
import { isSweeplabError, type SweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from './parse-sweep-spec.ts'

const HEAD = 'method: grid\nprogram: t.py\nparameters: {x: {values: [1, 2]}}\n'

function problems(text: string): string[] {
  try {
    parseSweepSpec(text, 'sweep.yaml')
  } catch (e) {
    if (!isSweeplabError(e)) throw e
    return ((e as SweeplabError).details?.problems ?? []).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)
  }
  throw new Error('expected an error')
}

describe('the executor key', () => {
  it('reads every Slurm option', () => {
    const spec = parseSweepSpec(`${HEAD}executor:\n  type: slurm\n  partition: gpu\n  account: lab\n  time: '2:00:00'\n  gres: gpu:a100:1\n  cpus_per_task: 8\n  mem: 32G\n  max_concurrent: 20\n  extra_args: [--qos=short]\n`)
    expect(spec.executor).toEqual({ type: 'slurm', partition: 'gpu', account: 'lab', time: '2:00:00', gres: 'gpu:a100:1', cpus_per_task: 8, mem: '32G', max_concurrent: 20, extra_args: ['--qos=short'] })
  })

  it('is optional (local), so a W&B file runs unchanged', () => {
    expect(parseSweepSpec(HEAD).executor).toBeUndefined()
    expect(parseSweepSpec(`${HEAD}executor: {}\n`).executor).toEqual({ type: 'local' })
  })

  it('refuses unknown types, keys and malformed Slurm values, located', () => {
    expect(problems(`${HEAD}executor: {type: kubernetes}\n`)[0]).toMatch(/^4:18 executor.type: expected one of local, slurm/)
    expect(problems(`${HEAD}executor: {type: slurm, partiton: gpu}\n`)[0]).toMatch(/^4:25 executor.partiton: unknown key 'partiton' \(did you mean 'partition'\?\); expected one of type, partition, account/)
    expect(problems(`${HEAD}executor: {type: slurm, time: 2 hours}\n`)[0]).toContain('executor.time: expected a Slurm time such as 30, 1:30:00 or 2-00:00:00')
    expect(problems(`${HEAD}executor: {type: slurm, mem: lots}\n`)[0]).toContain('executor.mem: expected a size such as 4G or 16000M')
  })
})
