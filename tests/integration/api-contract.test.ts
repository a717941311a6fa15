import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient, type SweeplabClient } from '../../shared/api/client.ts'
import { createInProcessTransport } from '../../shared/api/in-process-transport.ts'
import { API_METHODS, apiResultSchemas, eventPayloadSchemas, type ApiMethod, type SweeplabEvent, type WireResponse } from '../../shared/api/contract.ts'
import { isSweeplabError } from '../../shared/errors.ts'
import { registerIpcBridge, CALL_CHANNEL, type IpcMainLike, type WebContentsLike } from '../../electron/main/ipc-bridge.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'
import { createWorkspace, type Workspace } from './helpers.ts'
import { createHttpBridge, type HttpBridge } from '../../electron/server/http-bridge.ts'
import { createNodeHttpTransport } from '../../electron/server/node-http-transport.ts'

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

/**
 * Wraps a client so every result is checked against its method's schema (apiResultSchemas) as it
 * arrives; returns the client and the methods seen, so a test can tell that each one was checked.
 */
function checkedClient(api: SweeplabClient): { api: SweeplabClient; checked: Set<ApiMethod> } {
  const checked = new Set<ApiMethod>()
  const wrapped = new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof prop !== 'string' || !(prop in apiResultSchemas) || typeof value !== 'function') return value
      const method = prop as ApiMethod
      return async (args: unknown) => {
        const result = await (value as (a: unknown) => Promise<unknown>).call(target, args)
        const parsed = apiResultSchemas[method].safeParse(result)
        expect(parsed.error?.issues, `${method} result`).toBeUndefined()
        checked.add(method)
        return result
      }
    },
  })
  return { api: wrapped, checked }
}

/** Checks an event's payload against eventPayloadSchemas; returns the event for chaining. */
function checkEvent(ev: SweeplabEvent): SweeplabEvent {
  const parsed = eventPayloadSchemas[ev.type].safeParse(ev.payload)
  expect(parsed.error?.issues, `${ev.type} payload`).toBeUndefined()
  return ev
}

/** Bridges started by httpClient, closed after each test. */
const openBridges: Array<Promise<HttpBridge>> = []
afterEach(async () => {
  const bridges = await Promise.all(openBridges.splice(0))
  await Promise.all(bridges.map((b) => b.close()))
})

/** Builds a client over the real HTTP server (`sweeplab serve`) on 127.0.0.1, with fetch and an SSE reader. */
function httpClient(engine: Engine): SweeplabClient {
  const bridge = createHttpBridge({ engine })
  openBridges.push(bridge)
  return createApiClient(createNodeHttpTransport(bridge))
}

const transports: Array<[string, (e: Engine) => SweeplabClient]> = [
  ['direct engine', (e) => e as unknown as SweeplabClient],
  ['in-process wire', (e) => createApiClient(createInProcessTransport(e))],
  ['Electron IPC bridge', ipcClient],
  ['HTTP bridge', httpClient],
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
  let checked: Set<ApiMethod>
  beforeEach(() => {
    ws = createWorkspace()
    engine = ws.engine({ maxWorkers: 2 })
    ;({ api, checked } = checkedClient(makeClient(engine)))
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('runs a sweep and answers every read method with the same data', async () => {
    const received: SweeplabEvent[] = []
    const off = api.subscribe((ev) => received.push(ev))
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
    // Checked here, not in the listener: the engine keeps a throwing listener from failing the test.
    const events = received.map((ev) => checkEvent(ev).type)
    expect(events).toContain('trial-updated')
    expect(events).toContain('sweep-updated')
    expect(events).toContain('metric-points')
  })

  it('answers every method with a result its schema accepts', async () => {
    const events: SweeplabEvent[] = []
    const off = api.subscribe((ev) => events.push(ev))
    const nan = ws.write('nan.mjs', "console.log('training'); console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: 1 })); console.log('@@sweeplab {\"step\": 1, \"loss\": NaN}')\n")
    const { sweepId } = await api.createSweep({
      text: `method: grid\nprogram: ${nan}\ncommand: [node, '\${program}']\nmetric: {name: loss}\nparameters:\n  x: {values: [1, 2]}\n`,
      fileName: 'nan.yaml',
    })
    await engine.waitForSweep(sweepId)
    const [trial] = await api.getTrials({ sweepId })
    await api.listSweeps({})
    await api.getSweep({ sweepId })
    await api.getTrial({ trialId: trial!.id })
    await api.getMetricNames({ sweepId })
    await api.getMetricSeries({ trialIds: [trial!.id], metric: 'loss' })
    expect((await api.getLogs({ trialId: trial!.id })).length).toBeGreaterThan(0)
    await api.validateSpec({ text: 'method: grid\nparameters: {}\n', fileName: 'bad.yaml' })
    await api.exportTrials({ sweepId, format: 'json' })
    const done = (await api.createSweep({ text: SPEC })).sweepId
    await engine.waitForSweep(done)
    await api.exportBest({ sweepId: done, format: 'yaml' })
    await api.cancelSweep({ sweepId })
    await api.cancelTrial({ trialId: trial!.id })
    await api.resumeSweep({ sweepId }).catch(() => undefined)
    await api.getEnvironment({})
    await api.getArtifacts({ trialId: trial!.id })
    const data = ws.write('d.csv', 'text,label\nhello there,a\ngood bye,b\n')
    await api.addDataset({ path: data, name: 'd' })
    await api.listDatasets({})
    await api.getDataset({ name: 'd' })
    await engine.shutdown({ graceMs: 500 })
    off()
    expect([...checked].sort()).toEqual([...API_METHODS].sort())
    events.forEach(checkEvent)
    // The NaN reached the wire as null, and the schema said so.
    const points = events.flatMap((ev) => (ev.type === 'metric-points' ? ev.payload : []))
    expect(points.flatMap((p) => p.values)).toContain(null)
    expect(new Set(events.map((ev) => ev.type))).toEqual(new Set(['sweep-updated', 'trial-updated', 'metric-points', 'log-lines']))
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
