import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient, type SweeplabClient } from '../../shared/api/client.ts'
import { createInProcessTransport } from '../../shared/api/in-process-transport.ts'
import type { SweeplabEvent, WireResponse } from '../../shared/api/contract.ts'
import { isSweeplabError } from '../../shared/errors.ts'
import { registerIpcBridge, CALL_CHANNEL, type IpcMainLike, type WebContentsLike } from '../../electron/main/ipc-bridge.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'
import { createWorkspace, type Workspace } from './helpers.ts'

type Handler = (event: { sender: unknown }, req: unknown) => Promise<unknown>

/** Builds a client over Electron's IPC bridge, with a fake ipcMain and one fake window. */
function ipcClient(engine: Engine): SweeplabClient {
  let handler: Handler | undefined
  const ipc: IpcMainLike = { handle: (ch, fn) => { if (ch === CALL_CHANNEL) handler = fn } }
  const listeners = new Set<(ev: SweeplabEvent) => void>()
  const win: WebContentsLike = { send: (_ch, ev) => listeners.forEach((l) => l(ev as SweeplabEvent)), isDestroyed: () => false }
  registerIpcBridge(ipc, engine, () => [win])
  return createApiClient({
    call: async (req) => JSON.parse(JSON.stringify(await handler!({ sender: win }, JSON.parse(JSON.stringify(req))))) as WireResponse,
    subscribe: (cb) => {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
  })
}

const transports: Array<[string, (e: Engine) => SweeplabClient]> = [
  ['direct engine', (e) => e as unknown as SweeplabClient],
  ['in-process wire', (e) => createApiClient(createInProcessTransport(e))],
  ['Electron IPC bridge', ipcClient],
]

const SPEC = `
name: contract
method: grid
trainer: noop
metric: {name: loss, goal: minimize}
parameters:
  x: {values: [1, 2, 3]}
  steps: {value: 4}
`

describe.each(transports)('the API over %s', (_name, makeClient) => {
  let ws: Workspace
  let engine: Engine
  let api: SweeplabClient
  beforeEach(() => {
    ws = createWorkspace()
    engine = ws.engine({ maxWorkers: 2 })
    api = makeClient(engine)
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('runs a sweep and answers every read method with the same data', async () => {
    const events: string[] = []
    const off = api.subscribe((ev) => events.push(ev.type))
    const { sweepId } = await api.createSweep({ text: SPEC, fileName: 'contract.yaml' })
    await engine.waitForSweep(sweepId)
    off()
    const [sweep] = await api.listSweeps({})
    expect(sweep).toMatchObject({ id: sweepId, name: 'contract', status: 'completed', total: 3, done: 3, bestValue: 1 / 4 })
    const detail = await api.getSweep({ sweepId })
    expect(detail.specText).toBe(SPEC)
    const trials = await api.getTrials({ sweepId })
    expect(trials.map((t) => t.params.x)).toEqual([1, 2, 3])
    expect(await api.getTrial({ trialId: trials[0]!.id })).toEqual(trials[0])
    expect(await api.getMetricNames({ sweepId })).toEqual(['loss'])
    const series = await api.getMetricSeries({ trialIds: trials.map((t) => t.id), metric: 'loss' })
    expect(series.map((s) => s.values)).toEqual([[1, 1 / 2, 1 / 3, 1 / 4], [4, 2, 4 / 3, 1], [9, 9 / 2, 3, 9 / 4]])
    expect((await api.exportBest({ sweepId, format: 'json' })).trialId).toBe(trials[0]!.id)
    expect((await api.exportTrials({ sweepId, format: 'csv' })).content.split('\n')[0]).toMatch(/^id,/)
    expect((await api.validateSpec({ text: SPEC })).ok).toBe(true)
    expect(events).toContain('trial-updated')
    expect(events).toContain('sweep-updated')
  })

  it('returns coded errors for bad payloads and unknown ids', async () => {
    const err = await api.getSweep({ sweepId: 999 }).catch((e: unknown) => e)
    expect(isSweeplabError(err) && err.code).toBe('sweep/not-found')
    if (_name !== 'direct engine') {
      const bad = await api.getSweep({ sweepId: -1 }).catch((e: unknown) => e)
      expect(isSweeplabError(bad) && bad.code).toBe('api/bad-payload')
    }
    const spec = await api.createSweep({ text: 'method: grid\nparameters: {}\nbogus: 1\n', fileName: 's.yaml' }).catch((e: unknown) => e)
    expect(isSweeplabError(spec) && spec.code).toMatch(/^spec\//)
    expect(await api.listSweeps({})).toEqual([])
  })
})
