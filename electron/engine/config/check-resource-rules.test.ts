import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from './parse-sweep-spec.ts'

const BASE = 'method: grid\nprogram: train.py\nparameters:\n  x: {values: [1]}\n'

function messageOf(text: string): string {
  try {
    parseSweepSpec(text, 'sweep.yaml')
  } catch (e) {
    if (isSweeplabError(e)) return e.message
    throw e
  }
  return 'no error'
}

describe('resources, keep and disk in a sweep file', () => {
  it('accepts fractional GPUs, keep and disk, and keeps them in the spec', () => {
    const spec = parseSweepSpec(`${BASE}metric: {name: loss}\nresources: {gpu: 0.25, cpu: 2}\nkeep: {best: 3, last: true}\ndisk: {min_free: 2GB}\n`, 'sweep.yaml')
    expect(spec.resources).toEqual({ gpu: 0.25, cpu: 2 })
    expect(spec.keep).toEqual({ best: 3, last: true })
    expect(spec.disk).toEqual({ min_free: '2GB' })
    expect(parseSweepSpec(`${BASE}keep: {last: true}\n`, 'sweep.yaml').keep).toEqual({ last: true })
  })

  it('points at a GPU fraction that does not split a GPU evenly', () => {
    expect(messageOf(`${BASE}resources: {gpu: 0.4}\n`)).toBe('sweep.yaml:5:18 resources.gpu: a fraction of a GPU must split it evenly (1/n: 0.5, 0.333, 0.25, … down to 1/64); 0.4 does not')
    expect(messageOf(`${BASE}resources:\n  gpu: 1.5\n`)).toBe('sweep.yaml:6:8 resources.gpu: a trial gets whole GPUs (1, 2, …) or a fraction of one GPU (0.5, 0.25, 1/3 …), not 1.5')
  })

  it('needs a metric for keep.best, a size for disk.min_free, and knows their keys', () => {
    expect(messageOf(`${BASE}keep: {best: 2}\n`)).toBe('sweep.yaml:5:8 keep.best: keep.best ranks trials by the sweep metric: add metric: {name: val_loss, goal: minimize}')
    expect(messageOf(`${BASE}disk: {min_free: 2 gigs}\n`)).toMatch(/^sweep\.yaml:5:18 disk\.min_free: expected a size such as 2GB, 500MB, 10GiB or 5%/)
    expect(messageOf(`${BASE}disk: {min_free: 150%}\n`)).toBe('sweep.yaml:5:18 disk.min_free: expected a size such as 2GB or a share of the disk up to 100%, got "150%"')
    expect(messageOf(`${BASE}keep: {bset: 2}\n`)).toMatch(/keep\.bset: unknown key 'bset' \(did you mean 'best'\?\); expected one of best, last/)
  })
})
