import { describe, expect, it } from 'vitest'
import { createSampler } from '../search/create-sampler.ts'
import { buildCommandArgv } from './command-macros.ts'
import { parseSweepSpec } from './parse-sweep-spec.ts'

// Sweep files as W&B's documentation and the wandb/sweeps repository's examples write them.

const DOCS_RANDOM = `program: train.py
method: random
name: sweep
metric:
  goal: minimize
  name: val_loss
parameters:
  batch_size:
    values: [16, 32, 64]
  lr:
    min: 0.0001
    max: 0.1
  epochs:
    values: [5, 10, 15]
  optimizer:
    values: ["adam", "sgd"]
`

const EXAMPLES_GRID = `description: sweep example using grid search

# Training script to run
program: train.py

# Project this sweep is part of
project: sweeps-examples

# Method can be bayes, random, grid
method: grid

# Metric to optimize
metric:
  name: loss_metric
  goal: minimize

# Parameter space to search
parameters:
  epochs:
    value: 5
  variance:
    value: 5
  sleep:
    value: 0.5
  base:
    values: [10,15,20]
  increment:
    values: [0.1,0.2,0.3]
  direction:
    values: [-1,0.1,1]
`

const EXAMPLES_NESTED = `description: sweep using nested params
program: train-nested-cli.py
project: nested-examples
method: grid
metric:
  name: loss
  goal: minimize
parameters:
  batch_size:
    values: [32, 64]
  optimizer:
    parameters:
      # lr parameter is nested behind "optimizer"
      lr:
        values: [0.001, 0.0001]
      nadam:
        parameters:
        # beta parameter is nested behind "opimizer.nadam"
          beta:
            values: [0.9, 0.95]
`

const EXAMPLES_LOCAL_HYPERBAND = `description: sweep examples using local controller and hyperband
program: train-local.py
project: sweeps-examples
method: grid
controller:
  type: local
metric:
  name: loss_metric
  goal: minimize
early_terminate:
  type: hyperband
  max_iter: 10
  s: 2
  eta: 3
parameters:
  epochs:
    value: 20
  base:
    values: [10,15,20]
  direction:
    values: [-1,0.1,1]
`

const DOCS_DISTRIBUTIONS = `program: train.py
method: random
metric:
  name: validation_loss
  goal: maximize
run_cap: 20
parameters:
  learning_rate:
    distribution: log_uniform_values
    min: 0.0001
    max: 0.1
  parameter1:
    distribution: normal
    mu: 100
    sigma: 10
  batch_size:
    distribution: q_log_uniform_values
    q: 8
    min: 32
    max: 256
  layers:
    values: [1, 2, 3]
    probabilities: [0.2, 0.5, 0.3]
  dropout:
    distribution: uniform
    min: 0
    max: 0.5
command:
  - \${env}
  - \${interpreter}
  - \${program}
  - "-config"
  - your-training-config
  - \${args_no_hyphens}
`

describe('W&B sweep files parse unchanged', () => {
  it('reads the documentation example with inferred distributions', () => {
    const spec = parseSweepSpec(DOCS_RANDOM, 'sweep.yaml')
    expect(spec.parameters.lr).toEqual({ distribution: 'uniform', min: 0.0001, max: 0.1 })
    expect(spec.parameters.batch_size).toEqual({ distribution: 'categorical', values: [16, 32, 64] })
    expect(createSampler(spec, 1).total).toBeNull()
  })

  it('runs the wandb/sweeps grid example as 27 points', () => {
    const spec = parseSweepSpec(EXAMPLES_GRID, 'sweep-grid.yaml')
    expect(spec.project).toBe('sweeps-examples')
    expect(createSampler(spec, 0).total).toBe(27)
  })

  it('enumerates the nested example as 8 nested configs', () => {
    const sampler = createSampler(parseSweepSpec(EXAMPLES_NESTED), 0)
    expect(sampler.total).toBe(8)
    expect(sampler.sample(7).params).toEqual({ batch_size: 64, optimizer: { lr: 0.0001, nadam: { beta: 0.95 } } })
  })

  it('accepts the local controller and hyperband keys', () => {
    const spec = parseSweepSpec(EXAMPLES_LOCAL_HYPERBAND)
    expect(spec.early_terminate).toEqual({ type: 'hyperband', max_iter: 10, s: 2, eta: 3 })
    expect(createSampler(spec, 0).total).toBe(9)
  })

  it('reads the documented distributions and custom command', () => {
    const spec = parseSweepSpec(DOCS_DISTRIBUTIONS)
    expect(spec.parameters.batch_size).toEqual({ distribution: 'q_log_uniform_values', min: 32, max: 256, q: 8 })
    expect(spec.parameters.dropout).toEqual({ distribution: 'uniform', min: 0, max: 0.5 })
    const { params } = createSampler(spec, 3).sample(0)
    const argv = buildCommandArgv(spec, params, { paramsFile: 'p.json', platform: 'linux' })
    expect(argv.slice(0, 5)).toEqual(['/usr/bin/env', 'python3', 'train.py', '-config', 'your-training-config'])
    expect(argv.slice(5).map((a) => a.split('=')[0])).toEqual(['learning_rate', 'parameter1', 'batch_size', 'layers', 'dropout'])
  })
})
