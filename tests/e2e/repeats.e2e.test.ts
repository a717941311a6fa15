import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './support/paths.ts'
import { expectPlotDrew, plotData, screenshotPlot } from './support/plots.ts'
import { startSession, type E2eSession } from './support/session.ts'
import { waitForTrialCount } from './support/ui.ts'

// quadratic.mjs adds seed-dependent noise, so the repeats of a config differ.
const SPEC = `name: e2e-repeats
program: ${join(REPO_ROOT, 'resources', 'examples', 'quadratic.mjs')}
command: [node, '\${program}', '\${args}']
method: grid
metric: {name: val_loss, goal: minimize}
repeats: 3
seed: 5
parameters:
  x: {values: [-1, 0, 0.5, 1.5]}
  lr: {value: 0.01}
  steps: {value: 10}
`

let s: E2eSession
let sweepId: number

beforeAll(async () => {
  s = await startSession(async (ws) => {
    sweepId = (await ws.runSweep(ws.write('repeats.yaml', SPEC))).id
  })
})
afterAll(async () => {
  await s?.close()
})

describe('a sweep with repeats', () => {
  it('draws config means with error bars in the scatter and mean ± std bands on the curves', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    await waitForTrialCount(page, { shown: 12, total: 12 })
    await expectPlotDrew(page, 'scatter')
    const scatter = await plotData<Array<{ customdata?: number[]; error_y?: { array: number[]; visible: boolean } }>>(page, 'scatter')
    expect(scatter[1]!.customdata).toHaveLength(4)
    expect(scatter[1]!.error_y!.visible).toBe(true)
    expect(scatter[1]!.error_y!.array.every((v) => v > 0)).toBe(true)
    await expectPlotDrew(page, 'curves')
    const curves = await plotData<Array<{ fill?: string }>>(page, 'curves')
    expect(curves.filter((t) => t.fill === 'toself')).toHaveLength(4)
    await screenshotPlot(page, 'scatter', 'r0-repeats-scatter')
    await screenshotPlot(page, 'curves', 'r0-repeats-curves')
    assertNoErrors()
  })
})
