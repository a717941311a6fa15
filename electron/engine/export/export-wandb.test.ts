import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { exportWandbSpec } from './export-wandb.ts'

const sweep = { id: 4, name: 'my sweep' }

const WANDB = `program: train.py
method: bayes
metric:
  name: val_loss
  goal: minimize
parameters:
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
  opt:
    parameters:
      name: {values: [adam, sgd]}
early_terminate: {type: hyperband, min_iter: 3}
command:
  - \${env}
  - \${interpreter}
  - \${program}
  - \${args}
`

describe('exportWandbSpec', () => {
  it('passes a W&B file through unchanged but for the header', () => {
    const r = exportWandbSpec(WANDB, sweep)
    expect(r).toEqual({ content: `# W&B sweep file exported by Sweeplab from sweep 4 (my sweep)\n${WANDB}`, dropped: [], omitted: [] })
  })

  it("always leaves out Sweeplab's run settings, and names them", () => {
    const r = exportWandbSpec(`${WANDB}workers: 2\nseed: 7\ntimeout: 10m\nresources: {cpu: 1}\n`, sweep)
    expect(r.omitted).toEqual(['workers', 'resources', 'seed', 'timeout'])
    expect(r.content).not.toMatch(/^(workers|seed|timeout|resources):/m)
    expect(r.content).toContain("# Left out, Sweeplab's own run settings: workers, resources, seed, timeout\n")
  })

  const SUPERSET = `method: random
program: train.py
parameters:
  opt: {values: [adam, sgd]}
  m: {values: [0.9], when: {opt: sgd}}
  nested:
    parameters:
      x: {values: [1, 2], when: {opt: adam}}
  arch: {group: [{layers: 2, d_model: 64}]}
derived: {w: "2 * layers"}
constraints: ["layers < 10"]
early_terminate: {type: asha, min_iter: 1}
bayes: {startup_trials: 3}
`

  it('refuses keys W&B cannot hold, listing each with its line', () => {
    try {
      exportWandbSpec(SUPERSET, sweep)
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe('export/unsupported')
      expect((e as Error).message.split('\n').slice(1, -1)).toEqual([
        '  parameters.m.when (line 5): a condition; W&B always sweeps the parameter',
        '  parameters.nested.parameters.x.when (line 8): a condition; W&B always sweeps the parameter',
        '  parameters.arch (line 9): a group (values swept together); W&B would cross them or pass one mapping',
        '  derived (line 10): derived values',
        '  constraints (line 11): constraints',
        '  early_terminate (line 12): early_terminate type asha (W&B has hyperband only)',
        "  bayes (line 13): options of Sweeplab's TPE (W&B's bayes has none)",
      ])
    }
  })

  it('with dropUnsupported writes a file without them that still parses (as W&B and as Sweeplab)', () => {
    const r = exportWandbSpec(SUPERSET, sweep, { dropUnsupported: true })
    expect(r.dropped).toHaveLength(7)
    const body = r.content.split('\n').filter((l) => !l.startsWith('#')).join('\n')
    expect(body).toBe('method: random\nprogram: train.py\nparameters:\n  opt: {values: [adam, sgd]}\n  m: {values: [0.9]}\n  nested:\n    parameters:\n      x: {values: [1, 2]}\n')
    expect(parseSweepSpec(r.content).parameters).toHaveProperty('m')
  })
})
