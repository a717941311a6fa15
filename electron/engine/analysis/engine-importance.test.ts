// getImportance end to end: a real sweep, real workers, the stored spec's log-scale parameter.
import { expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { useTestEngine } from '../testing/use-test-engine.ts'

const testEngine = useTestEngine()

// noop's loss is the sum of squares of the numeric params: x (0..5) dominates, lr (1e-4..1e-1) barely counts, opt not at all.
const spec = (runs: number): string => `
name: importance
method: random
run_cap: ${runs}
seed: 3
trainer: noop
metric: {name: loss, goal: minimize}
parameters:
  x: {distribution: uniform, min: 0, max: 5}
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
  opt: {values: [adam, sgd]}
  steps: {value: 1}
`

it('ranks the parameters of a finished sweep, reading log-scale ones in log10', async () => {
  const { sweepId } = await testEngine.engine().createSweep({ text: spec(30), fileName: 'importance.yaml' })
  await testEngine.engine().waitForSweep(sweepId)
  const r = await testEngine.engine().getImportance({ sweepId })
  if (!r.ok) throw new Error(r.message)
  expect(r).toMatchObject({ metric: 'loss', goal: 'minimize', trials: 30 })
  expect(r.params[0]).toMatchObject({ name: 'x', rank: 1, scale: 'linear' })
  expect(r.params[0]!.importance).toBeGreaterThan(0.95)
  expect(r.params[0]!.correlation).toBeGreaterThan(0.9)
  expect(r.params.find((p) => p.name === 'lr')).toMatchObject({ scale: 'log' })
  expect(r.params.find((p) => p.name === 'opt')).toMatchObject({ scale: 'categorical', correlation: null })
})

it('says how many more finished trials it needs, and that an unknown sweep does not exist', async () => {
  const { sweepId } = await testEngine.engine().createSweep({ text: spec(7), fileName: 'few.yaml' })
  await testEngine.engine().waitForSweep(sweepId)
  expect(await testEngine.engine().getImportance({ sweepId })).toEqual({
    ok: false, reason: 'too-few-trials', metric: 'loss', have: 7, minimum: 10, needed: 3,
    message: '3 more finished trials with a value of loss needed (7 of 10 for 3 parameters)',
  })
  const err = await testEngine.engine().getImportance({ sweepId: 99 }).catch((e: unknown) => e)
  expect(isSweeplabError(err) && err.code).toBe('sweep/not-found')
})
