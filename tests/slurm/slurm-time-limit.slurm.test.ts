import { describe, expect, it } from 'vitest'
import type { Workspace } from '../integration/helpers.ts'
import { skipReason, useSlurmWorkspace } from './cluster.ts'

const why = skipReason()

describe.skipIf(why !== null)('Slurm time limit', () => {
  let ws!: Workspace
  useSlurmWorkspace((w) => (ws = w))

  // Slurm's smallest limit is one minute and it checks limits every ~30 s: this takes 60-100 s.
  it('marks a trial Slurm killed at its time limit as timeout, "Slurm: TIMEOUT", keeping its points', async () => {
    const engine = ws.engine()
    const text = `method: grid\nprogram: train.mjs\ncommand: [node, '\${program}', '\${args}']\nmetric: {name: loss}\ntimeout: 30s\n` +
      `parameters:\n  x: {value: 1}\n  sleep: {value: 600}\nexecutor: {type: slurm}\n`
    const { sweepId } = await engine.createSweep({ text, fileName: ws.write('s.yaml', text) })
    await engine.waitForSweep(sweepId)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('timeout')
    expect(t!.error).toMatch(/^Slurm: TIMEOUT \(TimeLimit\): job \d+ reached its time limit/)
    // timeout: 30s became --time=1 (Slurm limits are whole minutes).
    const logs = await engine.getLogs({ trialId: t!.id })
    expect(logs.find((l) => /submitted to Slurm/.test(l.line))!.line).toContain('--time=1 ')
    const [s] = await engine.getMetricSeries({ trialIds: [t!.id], metric: 'loss' })
    expect(s!.steps).toEqual([0, 1, 2, 3, 4])
    expect((await engine.getSlurmJob({ trialId: t!.id }))!.state).toBe('TIMEOUT')
  })
})
