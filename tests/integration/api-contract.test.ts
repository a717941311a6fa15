import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient, type SweeplabClient } from '../../shared/api/client.ts'
import { createInProcessTransport } from '../../shared/api/in-process-transport.ts'
import { API_METHODS, apiResultSchemas, eventPayloadSchemas, type ApiMethod, type SweeplabEvent, type WireResponse } from '../../shared/api/contract.ts'
import { isSweeplabError } from '../../shared/errors.ts'
import { registerIpcBridge, CALL_CHANNEL, type IpcMainLike, type WebContentsLike } from '../../electron/main/ipc-bridge.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'
import { createWorkspace, REPO_ROOT, waitFor, type Workspace } from './helpers.ts'
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

  it('says why each trial failed and counts the reasons in the sweep detail', async () => {
    const text = [
      'name: reasons',
      'method: grid',
      'command: [node, -e, "process.exit(JSON.parse(process.env.SWEEPLAB_PARAMS).code)"]',
      'parameters:',
      '  code: {values: [0, 3]}',
    ].join('\n')
    const { sweepId } = await api.createSweep({ text, fileName: 'reasons.yaml' })
    await engine.waitForSweep(sweepId)
    const trials = await api.getTrials({ sweepId })
    expect(trials.map((t) => [t.status, t.failureReason, t.failureNote])).toEqual([['completed', null, null], ['failed', 'nonzero_exit', 'exit code 3']])
    expect(await api.getTrial({ trialId: trials[1]!.id })).toEqual(trials[1])
    expect((await api.getSweep({ sweepId })).failureReasons).toEqual({ nonzero_exit: 1 })
  })

  it('answers every method with a result its schema accepts', async () => {
    const events: SweeplabEvent[] = []
    const off = api.subscribe((ev) => events.push(ev))
    const nan = ws.write('nan.mjs', [
      "import { writeFileSync } from 'node:fs'",
      "writeFileSync(process.env.SWEEPLAB_TRIAL_DIR + '/notes.txt', 'diverged at step 1\\n')",
      "console.log('training'); console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: 1 })); console.log('@@sweeplab {\"step\": 1, \"loss\": NaN}')",
      '',
    ].join('\n'))
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
    expect((await api.exportWandb({ sweepId: done, dropUnsupported: true })).dropped).toEqual([expect.stringMatching(/^trainer \(line 4\): a built-in trainer/)])
    expect(await api.getImportance({ sweepId: done })).toMatchObject({ ok: false, reason: 'too-few-trials', have: 3, minimum: 10, needed: 7 })
    expect((await api.getConfigs({ sweepId: done })).map((c) => [c.mean, c.n, c.repeats])).toEqual([[1 / 4, 1, 1], [1, 1, 1], [9 / 4, 1, 1]])
    // Steering: versions, an edit, reruns (the ended sweep runs again for them), a pause.
    expect((await api.getSweepVersions({ sweepId: done })).map((v) => [v.version, v.trials, v.current])).toEqual([[1, 3, true]])
    expect(await api.updateSweep({ sweepId: done, set: { run_cap: 2 }, note: 'smaller' })).toMatchObject({ version: 2, dryRun: false, remaining: 0, changes: ['run_cap: unset → 2'] })
    const [first] = await api.getTrials({ sweepId: done })
    expect((await api.rerunTrial({ trialId: first!.id, params: { x: 5 } })).state).toBe('running')
    await engine.waitForSweep(done)
    expect((await api.rerunBest({ sweepId: done, top: 1, seeds: 2 })).trialIds).toHaveLength(2)
    await engine.waitForSweep(done)
    const reruns = (await api.getTrials({ sweepId: done })).filter((t) => t.rerunOf !== null)
    expect(reruns.map((t) => [t.status, t.configVersion])).toEqual([['completed', 2], ['completed', 2], ['completed', 2]])
    const idle = (await api.createSweep({ text: SPEC, start: false })).sweepId
    expect(await api.pauseSweep({ sweepId: idle })).toEqual({ status: 'paused', requestedFrom: null })
    await api.cancelSweep({ sweepId })
    await api.cancelTrial({ trialId: trial!.id })
    await api.resumeSweep({ sweepId }).catch(() => undefined)
    await api.getEnvironment({})
    // A local trial has no Slurm job (tests/slurm covers one that has).
    expect(await api.getSlurmJob({ trialId: trial!.id })).toBeNull()
    const [notes] = await api.getArtifacts({ trialId: trial!.id })
    expect(await api.readArtifact({ artifactId: notes!.id })).toEqual({ artifactId: notes!.id, content: 'diverged at step 1\n', truncated: false, size: 19 })
    expect((await api.listExamples({})).length).toBeGreaterThan(0)
    const data = ws.write('d.csv', 'text,label\nhello there,a\ngood bye,b\n')
    await api.addDataset({ path: data, name: 'd' })
    await api.listDatasets({})
    await api.getDataset({ name: 'd' })
    const size = await api.getWorkspaceSize({ fresh: true })
    // The database, the notes.txt of the NaN sweep's trial and the imported dataset are all counted.
    expect(size.databaseBytes).toBeGreaterThan(0)
    expect(size.sweeps.find((x) => x.sweepId === sweepId)?.bytes).toBeGreaterThanOrEqual(19)
    expect(size.otherBytes).toBeGreaterThan(0)
    expect(size.totalBytes).toBe(size.databaseBytes + size.trialBytes + size.otherBytes)
    expect(await api.addDataset({ path: data, name: 'd' })).toMatchObject({ version: 1, unchanged: true })
    expect((await api.listDatasets({ allVersions: true })).filter((d) => d.name === 'd').map((d) => d.version)).toEqual([1])
    const onData = (await api.createSweep({ text: 'name: on-d\nmethod: grid\ntrainer: noop\ndataset: d\nmetric: {name: loss}\nparameters:\n  x: {values: [2, 1]}\n' })).sweepId
    await engine.waitForSweep(onData)
    expect(await api.getSweepProvenance({ sweepId: onData })).toMatchObject({ dataset: { kind: 'registered', name: 'd', version: 1 }, retrain: null })
    const retrained = (await api.retrainSweep({ sweepId: onData, dataset: 'd@1', top: 1 })).sweepId
    await engine.waitForSweep(retrained)
    expect((await api.getRetrainComparison({ sweepId: retrained })).rows.map((r) => [r.params, r.oldValue, r.newValues])).toEqual([[{ x: 1 }, 1, [1]]])
    const report = await api.getSweepReport({ sweepId: onData, format: 'html' })
    expect(report.fileName).toBe(`sweep-${onData}-on-d-report.html`)
    expect(report.content).toContain('<h2>Data pipeline</h2>')
    const compared = await api.compareSweeps({ sweeps: [{ sweepId }, { sweepId: done }] })
    expect(compared.params.map((p) => [p.name, p.shared])).toEqual([['x', true], ['steps', false]])
    const bayes = SPEC.replace('method: grid', 'method: bayes')
    // Its 3 grid trials and the 2 reruns of rerunBest fit; the rerun with x: 5 is outside the space.
    expect((await api.getWarmStartCandidates({ text: bayes })).candidates.find((c) => c.sweepId === done)).toMatchObject({ compatible: true, used: 5 })
    expect(await api.getWorkspace({})).toEqual({ dbPath: ws.dbPath, readOnly: false })
    expect(await api.deleteSweep({ sweepId: done })).toEqual({ deleted: true })
    // Over HTTP the event comes back on the SSE stream, a moment after the call's response.
    await waitFor(() => events.some((ev) => ev.type === 'sweep-deleted'), 5_000, 'the sweep-deleted event')
    await engine.shutdown({ graceMs: 500 })
    off()
    expect([...checked].sort()).toEqual([...API_METHODS].sort())
    events.forEach(checkEvent)
    // The NaN reached the wire as null, and the schema said so.
    const points = events.flatMap((ev) => (ev.type === 'metric-points' ? ev.payload : []))
    expect(points.flatMap((p) => p.values)).toContain(null)
    expect(new Set(events.map((ev) => ev.type))).toEqual(new Set(['sweep-updated', 'sweep-deleted', 'trial-updated', 'metric-points', 'log-lines']))
  })

  it('groups the trials of a sweep with repeats into configs with their mean', async () => {
    const { sweepId } = await api.createSweep({ text: `${SPEC}repeats: 2\n`, fileName: 'repeats.yaml' })
    await engine.waitForSweep(sweepId)
    const trials = await api.getTrials({ sweepId })
    expect(trials.map((t) => [t.index, t.configIndex, t.repeat])).toEqual([[0, 0, 0], [1, 0, 1], [2, 1, 0], [3, 1, 1], [4, 2, 0], [5, 2, 1]])
    const configs = await api.getConfigs({ sweepId })
    expect(configs.map((c) => ({ x: c.params.x, ids: c.trialIds, status: c.status, mean: c.mean, std: c.std, n: c.n }))).toEqual([
      { x: 1, ids: [trials[0]!.id, trials[1]!.id], status: 'completed', mean: 1 / 4, std: 0, n: 2 },
      { x: 2, ids: [trials[2]!.id, trials[3]!.id], status: 'completed', mean: 1, std: 0, n: 2 },
      { x: 3, ids: [trials[4]!.id, trials[5]!.id], status: 'completed', mean: 9 / 4, std: 0, n: 2 },
    ])
    expect(new Set(configs.flatMap((c) => c.seeds)).size).toBe(6)
    const err = await api.getConfigs({ sweepId: 999 }).catch((e: unknown) => e)
    expect(isSweeplabError(err) && err.code).toBe('sweep/not-found')
  })

  it('refuses every write to a read-only workspace with workspace/read-only, naming the file', async () => {
    const { sweepId } = await api.createSweep({ text: SPEC })
    await engine.waitForSweep(sweepId)
    await engine.shutdown()
    const ro = ws.engine({ readOnly: true })
    const { api: roApi } = checkedClient(makeClient(ro))
    expect(await roApi.getWorkspace({})).toEqual({ dbPath: ws.dbPath, readOnly: true })
    expect((await roApi.listSweeps({})).map((s) => s.id)).toEqual([sweepId])
    for (const call of [roApi.createSweep({ text: SPEC }), roApi.deleteSweep({ sweepId }), roApi.addDataset({ path: ws.write('d.csv', 'text,label\na,b\n'), name: 'd' })]) {
      const err = await call.catch((e: unknown) => e)
      expect(isSweeplabError(err) && err.code).toBe('workspace/read-only')
      expect((err as Error).message).toContain(`${ws.dbPath} is open read-only`)
    }
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

  it('deletes a sweep only once it stopped, and tells every subscriber', async () => {
    const hang = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')
    const { sweepId } = await api.createSweep({
      text: `name: hangs\nmethod: grid\nprogram: ${hang}\ncommand: [node, '\${program}']\nparameters:\n  hang: {value: true}\n`,
    })
    expect(await codeOf(api.deleteSweep({ sweepId }))).toBe('sweep/running')
    const events: SweeplabEvent[] = []
    const off = api.subscribe((ev) => events.push(ev))
    await api.cancelSweep({ sweepId })
    await engine.waitForSweep(sweepId)
    expect(await api.deleteSweep({ sweepId })).toEqual({ deleted: true })
    await waitFor(() => events.some((ev) => ev.type === 'sweep-deleted'), 5_000, 'the sweep-deleted event')
    off()
    expect(events.filter((ev) => ev.type === 'sweep-deleted').map(checkEvent)).toEqual([{ type: 'sweep-deleted', payload: { sweepId } }])
    expect(await api.listSweeps({})).toEqual([])
    expect(await codeOf(api.deleteSweep({ sweepId }))).toBe('sweep/not-found')
    expect(await codeOf(api.getTrials({ sweepId }))).toBe('sweep/not-found')
  })

  it('reads text artifacts and gives the same error codes for the ones it cannot read', async () => {
    const outputs = ws.write('outputs.mjs', [
      "import { mkdirSync, writeFileSync } from 'node:fs'",
      'const d = process.env.SWEEPLAB_TRIAL_DIR',
      "writeFileSync(d + '/confusion_matrix.json', JSON.stringify({ labels: ['a', 'b'], matrix: [[3, 1], [0, 4]] }))",
      "writeFileSync(d + '/blob.bin', Buffer.from([0, 159, 146, 150]))",
      "mkdirSync(d + '/model'); writeFileSync(d + '/model/model.json', '{}')",
      "console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: 1 }))",
      '',
    ].join('\n'))
    const { sweepId } = await api.createSweep({ text: `method: grid\nprogram: ${outputs}\ncommand: [node, '\${program}']\nmetric: {name: loss}\nparameters:\n  x: {value: 1}\n` })
    await engine.waitForSweep(sweepId)
    const [trial] = await api.getTrials({ sweepId })
    const byName = Object.fromEntries((await api.getArtifacts({ trialId: trial!.id })).map((a) => [a.name, a]))
    const matrix = byName['confusion_matrix.json']!
    expect(matrix.kind).toBe('confusion-matrix')
    expect(JSON.parse((await api.readArtifact({ artifactId: matrix.id })).content)).toEqual({ labels: ['a', 'b'], matrix: [[3, 1], [0, 4]] })
    expect(await api.readArtifact({ artifactId: matrix.id, maxBytes: 10 })).toEqual({ artifactId: matrix.id, content: '{"labels":', truncated: true, size: matrix.size })
    expect(await codeOf(api.readArtifact({ artifactId: byName['blob.bin']!.id }))).toBe('artifact/not-text')
    expect(await codeOf(api.readArtifact({ artifactId: byName['model']!.id }))).toBe('artifact/not-text')
    expect(await codeOf(api.readArtifact({ artifactId: 424_242 }))).toBe('artifact/not-found')
    rmSync(matrix.path)
    const missing = await api.readArtifact({ artifactId: matrix.id }).catch((e: unknown) => e)
    expect(isSweeplabError(missing) && missing.code).toBe('artifact/missing')
    expect((missing as Error).message).toContain(matrix.path)
    if (_name !== 'direct engine') expect(await codeOf(api.readArtifact({ artifactId: matrix.id, maxBytes: 0 }))).toBe('api/bad-payload')
  })

  it('lists the shipped examples, each one a sweep it can create as listed', async () => {
    const examples = await api.listExamples({})
    expect(examples.map((e) => e.name)).toEqual([...examples.map((e) => e.name)].sort())
    const quadratic = examples.find((e) => e.name === 'quadratic-node')!
    expect(quadratic.fileName).toBe(join(REPO_ROOT, 'resources', 'examples', 'quadratic-node.yaml'))
    const { sweepId } = await api.createSweep({ text: quadratic.text, fileName: quadratic.fileName, start: false })
    expect((await api.getSweep({ sweepId })).name).toBe('quadratic-node')
  })

  it('exports the sweep file for W&B, refusing keys W&B cannot hold with the same code on every transport', async () => {
    const text = `${SPEC}derived:\n  y: "2 * x"\nconstraints: ["x < 3"]\n`
    expect(await api.getSweep({ sweepId: (await api.createSweep({ text, start: false })).sweepId })).toMatchObject({ skipped: { count: 1, exact: true, combinations: 3 } })
    const [sweep] = await api.listSweeps({})
    const err = await api.exportWandb({ sweepId: sweep!.id }).catch((e: unknown) => e)
    expect(isSweeplabError(err) && err.code).toBe('export/unsupported')
    expect((err as Error).message).toContain('derived (line 9): derived values')
    const dropped = await api.exportWandb({ sweepId: sweep!.id, dropUnsupported: true })
    expect(dropped.dropped.map((d) => d.split(' ')[0])).toEqual(['trainer', 'derived', 'constraints'])
    expect(dropped.content).not.toMatch(/^(derived|constraints|trainer):/m)
  })

  it("exports a chosen trial's config and a subset of trials, refusing trials of another sweep", async () => {
    const { sweepId } = await api.createSweep({ text: SPEC })
    await engine.waitForSweep(sweepId)
    const trials = await api.getTrials({ sweepId })
    const [first, second, third] = trials.map((t) => t.id) as [number, number, number]
    const chosen = await api.exportBest({ sweepId, format: 'yaml', trialId: third })
    expect(chosen).toEqual({ trialId: third, content: `# Config of trial ${third} of sweep "contract" (id ${sweepId})\n# completed: loss=2.25 (minimize)\n\nx: 3\nsteps: 4\n` })
    const csv = (await api.exportTrials({ sweepId, format: 'csv', trialIds: [third, first] })).content
    expect(csv.split('\r\n').map((l) => l.split(',')[0])).toEqual(['id', String(first), String(third), ''])
    const other = (await api.createSweep({ text: SPEC })).sweepId
    await engine.waitForSweep(other)
    const err = await api.exportBest({ sweepId: other, format: 'json', trialId: second }).catch((e: unknown) => e)
    expect(isSweeplabError(err) && [err.code, err.message]).toEqual(['trial/not-found', `trial ${second} is not a trial of sweep ${other}`])
    const some = await api.exportTrials({ sweepId: other, format: 'json', trialIds: [first, 999_999] }).catch((e: unknown) => e)
    expect(isSweeplabError(some) && [some.code, some.message]).toEqual(['trial/not-found', `trials ${first}, 999999 are not trials of sweep ${other}`])
  })
})

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  if (!isSweeplabError(e)) throw new Error(`expected a SweeplabError, got ${String(e)}`)
  return e.code
}
