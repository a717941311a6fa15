import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_METHODS, apiRequestSchemas, apiResultSchemas, type ApiMethod, type WireRequest, type WireResponse } from '../../shared/api/contract.ts'
import { dispatchApiCall } from '../../shared/api/dispatch.ts'
import type { ErrorCode } from '../../shared/errors.ts'
import { recordFuzzCounts } from '../../electron/engine/testing/fuzz-counts.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'
import { createHttpBridge, type HttpBridge } from '../../electron/server/http-bridge.ts'
import { runSweepFile } from '../../electron/cli/commands/run.ts'
import { runCli } from '../../electron/cli/program.ts'
import { createTestCli } from '../../electron/cli/testing/capture.ts'
import { createWorkspace, type Workspace } from './helpers.ts'

/**
 * Every API method gets random and mutated payloads through dispatchApiCall on a real engine (real
 * SQLite in a temp workspace): the answer is always a WireResponse, never a throw or a hang; a payload
 * its schema refuses is `api/bad-payload` naming the field; a well-formed id that does not exist is a
 * not-found code; anything the engine accepts matches the method's result schema.
 */

/** Every code the engine may answer with (shared/errors.ts); an answer outside it is a bug. */
const KNOWN_CODES = new Set<ErrorCode>(['spec/invalid', 'spec/parse', 'spec/grid-continuous', 'spec/too-large', 'spec/no-gpu', 'dataset/missing', 'dataset/invalid',
  'dataset/encoding', 'dataset/exists', 'worker/crashed', 'worker/spawn-failed', 'trial/not-found', 'trial/nan-metric', 'sweep/not-found', 'sweep/running',
  'artifact/not-found', 'artifact/missing', 'artifact/not-text', 'sweep/not-resumable', 'sweep/no-finished-trials', 'search/failed', 'export/unsupported', 'store/schema-newer-than-app',
  'store/migration-edited', 'store/corrupt', 'store/open-failed', 'api/unknown-method', 'api/bad-payload', 'io/read-failed', 'usage', 'internal',
  'sweep/not-pausable', 'sweep/edit-refused', 'rerun/unknown-param', 'retrain/unsupported'])
/** One call on a 2-core machine shared with other jobs; the slowest (getEnvironment, createSweep) take ~100 ms. */
const PER_CALL_MS = 5000
/** Ids far above anything this workspace creates. */
const MISSING_ID_MIN = 1_000_000

const SPEC = 'name: fuzz\nmethod: grid\ntrainer: noop\nmetric: {name: loss, goal: minimize}\nrun_cap: 1\nparameters:\n  x: {values: [1, 2]}\n  steps: {value: 2}\n'

let ws: Workspace
let engine: Engine
let ids: { sweepId: number; trialId: number; datasetFile: string }
const counts: Record<string, number> = {}

beforeAll(async () => {
  ws = createWorkspace()
  engine = ws.engine({ maxWorkers: 1 })
  const { sweepId } = await engine.createSweep({ text: SPEC, fileName: 'fuzz.yaml' })
  await engine.waitForSweep(sweepId)
  const [trial] = await engine.getTrials({ sweepId })
  const datasetFile = join(ws.dir, 'tiny.csv')
  writeFileSync(datasetFile, 'text,label\nhello there,a\ngeneral kenobi,b\n')
  ids = { sweepId, trialId: trial!.id, datasetFile }
}, 60_000)

afterAll(async () => {
  await ws.cleanup()
  recordFuzzCounts('api-dispatch', counts, ['random payloads', 'valid payloads', 'mutated payloads', 'missing ids', 'unknown methods', 'http bodies', 'bad datasets', 'huge inputs'])
})

/** A payload each method accepts, built on the workspace's real ids. */
function validArgs(m: ApiMethod): Record<string, unknown> {
  const { sweepId, trialId, datasetFile } = ids
  const byMethod: Record<ApiMethod, Record<string, unknown>> = {
    listSweeps: {}, getEnvironment: {}, listExamples: {}, listDatasets: {}, getWorkspaceSize: {},
    getSweep: { sweepId }, getTrials: { sweepId }, getMetricNames: { sweepId }, getImportance: { sweepId }, getConfigs: { sweepId },
    cancelSweep: { sweepId }, resumeSweep: { sweepId }, deleteSweep: { sweepId: MISSING_ID_MIN + 7 },
    getTrial: { trialId }, getLogs: { trialId, tail: 10 }, cancelTrial: { trialId }, getArtifacts: { trialId }, getSlurmJob: { trialId },
    getMetricSeries: { trialIds: [trialId], metric: 'loss', maxPoints: 50 },
    validateSpec: { text: SPEC, fileName: 'f.yaml' },
    // start: false, so a mutation that keeps the text valid creates a sweep but runs nothing.
    createSweep: { text: SPEC, fileName: 'f.yaml', start: false },
    exportBest: { sweepId, format: 'yaml' }, exportTrials: { sweepId, format: 'csv', trialIds: [trialId] },
    exportWandb: { sweepId, dropUnsupported: true },
    readArtifact: { artifactId: 1, maxBytes: 100 },
    addDataset: { path: datasetFile, name: 'tiny', label: 'label' },
    getDataset: { name: 'spam' },
    pauseSweep: { sweepId }, getSweepVersions: { sweepId },
    updateSweep: { sweepId, set: { run_cap: 3 }, dryRun: true },
    // Missing ids: a rerun of a real trial would start the finished sweep again under the fuzzer.
    rerunTrial: { trialId: MISSING_ID_MIN + 9, params: { x: 1 } }, rerunBest: { sweepId: MISSING_ID_MIN + 11, top: 1, seeds: 2 },
    retrainSweep: { sweepId, dataset: 'tiny', top: 1, seeds: 1 },
    getRetrainComparison: { sweepId }, getSweepProvenance: { sweepId }, getSweepReport: { sweepId, format: 'md' },
    compareSweeps: { sweeps: [{ sweepId }, { sweepId }] },
    getWarmStartCandidates: { text: SPEC, fileName: 'f.yaml' },
    getWorkspace: {},
  }
  return byMethod[m]
}

type Mutation = { kind: 'drop' | 'null' | 'stringify'; pick: number } | { kind: 'set'; pick: number; value: unknown } | { kind: 'extra'; key: string; value: unknown }

const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, '', '1', 'x'.repeat(1000), [], {}, [1, 'a'], true))
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'null' as const, 'stringify' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: jsonish }),
  fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'id')), value: jsonish }),
)

/** Changes one field of a valid payload: removed, nulled, turned into a string, replaced, or a key added. */
function mutate(args: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args }
  const keys = Object.keys(out)
  if (m.kind === 'extra') {
    Object.defineProperty(out, m.key, { value: m.value, enumerable: true, configurable: true, writable: true })
    return out
  }
  if (keys.length === 0) return out
  const key = keys[m.pick % keys.length] as string
  if (m.kind === 'drop') delete out[key]
  else if (m.kind === 'null') out[key] = null
  else if (m.kind === 'stringify') out[key] = JSON.stringify(out[key])
  else if (m.kind === 'set') out[key] = m.value
  return out
}

let nextId = 1

/** Sends one request and checks what holds for every answer; returns it. */
async function call(method: string, args: unknown, property: string): Promise<WireResponse> {
  counts[property] = (counts[property] ?? 0) + 1
  const id = nextId++
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} did not answer within ${PER_CALL_MS} ms: ${String(JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).slice(0, 200)}`)), PER_CALL_MS)
  })
  const res = await Promise.race([dispatchApiCall(engine, { id, method, args } as WireRequest), hung]).finally(() => clearTimeout(timer))
  expect(performance.now() - started, `${method} time`).toBeLessThan(PER_CALL_MS)
  expect(res.id).toBe(id)
  // What crosses IPC and HTTP is JSON: the answer must survive it unchanged.
  expect(JSON.parse(JSON.stringify(res))).toEqual(res)
  if (res.ok) return res
  expect(KNOWN_CODES.has(res.error.code), res.error.code).toBe(true)
  expect(typeof res.error.message).toBe('string')
  expect(res.error.message.length).toBeGreaterThan(0)
  return res
}

/** The answer agrees with the method's request schema: refused payloads name their field, accepted ones never crash. */
async function checkAgainstSchema(method: ApiMethod, args: unknown, property: string): Promise<void> {
  const res = await call(method, args, property)
  const parsed = apiRequestSchemas[method].safeParse(args ?? {})
  if (!parsed.success) {
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.code).toBe('api/bad-payload')
    expect(res.error.message.startsWith(`${method}: `)).toBe(true)
    const first = parsed.error.issues[0]!
    expect(res.error.message).toContain(first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '(args): ')
    return
  }
  if (res.ok) {
    const result = apiResultSchemas[method].safeParse(res.result)
    expect(result.error?.issues, `${method} result`).toBeUndefined()
    return
  }
  // A payload the schema took may still name something absent or be refused by the engine, but never crash it.
  expect(res.error.code, `${method}: ${res.error.message}`).not.toMatch(/^(internal|api\/bad-payload)$/)
}

/** Fewer runs for methods whose accepted payloads do real work (files, processes, parsing). */
function runsFor(method: ApiMethod, base: number): number {
  return method === 'getEnvironment' || method === 'addDataset' || method === 'createSweep' || method === 'retrainSweep' || method === 'getSweepReport' ? Math.ceil(base / 4) : base
}

describe('API payload fuzzing through dispatchApiCall on a real engine', () => {
  it.each(API_METHODS)('%s: random payloads get a typed answer, refusals name the field', async (method) => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)), async (args) => {
      await checkAgainstSchema(method, args, 'random payloads')
    }), { numRuns: runsFor(method, 60) })
  })

  it.each(API_METHODS)('%s: mutated valid payloads get a typed answer, refusals name the field', async (method) => {
    await checkAgainstSchema(method, validArgs(method), 'valid payloads')
    await fc.assert(fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (mutations) => {
      await checkAgainstSchema(method, mutations.reduce(mutate, validArgs(method)), 'mutated payloads')
    }), { numRuns: runsFor(method, 80) })
  })

  const ID_METHODS = API_METHODS.filter((m) => ['sweepId', 'trialId', 'artifactId'].some((k) => k in apiRequestSchemas[m].shape))
  it.each(ID_METHODS)('%s: a well-formed id that does not exist is a not-found answer', async (method) => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: MISSING_ID_MIN, max: Number.MAX_SAFE_INTEGER }), async (missing) => {
      const args = validArgs(method)
      for (const k of ['sweepId', 'trialId', 'artifactId']) if (k in args) args[k] = missing
      const res = await call(method, args, 'missing ids')
      expect(res.ok).toBe(false)
      if (!res.ok) {
        expect(res.error.code).toMatch(/^(sweep|trial|artifact)\/not-found$/)
        expect(res.error.message).toContain(String(missing))
      }
    }), { numRuns: 20 })
  })

  it('a dataset name that is well formed but not registered is dataset/missing', async () => {
    await fc.assert(fc.asyncProperty(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/).filter((n) => !['spam', 'iris', 'moby-dick', 'tiny'].includes(n)), async (name) => {
      const res = await call('getDataset', { name }, 'missing ids')
      expect(res).toMatchObject({ ok: false, error: { code: 'dataset/missing' } })
    }), { numRuns: 40 })
  })

  it('unknown methods and malformed envelopes are api/unknown-method, never a throw', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'subscribe', 'then', 'shutdown')), fc.anything({ maxDepth: 2 }), async (method, args) => {
      fc.pre(!(API_METHODS as ReadonlyArray<string>).includes(method))
      const res = await call(method, args, 'unknown methods')
      expect(res).toMatchObject({ ok: false, error: { code: 'api/unknown-method' } })
    }), { numRuns: 200 })
    for (const req of [null, undefined, 42, 'getSweep', [], {}, { id: 'x', method: 7 }, { method: { toString: () => 'listSweeps' } }]) {
      counts['unknown methods'] = (counts['unknown methods'] ?? 0) + 1
      const res = await dispatchApiCall(engine, req as unknown as WireRequest)
      expect(res).toMatchObject({ id: -1, ok: false, error: { code: 'api/unknown-method' } })
    }
  })
})

describe('API fuzzing over the HTTP bridge (sweeplab serve)', () => {
  let bridge: HttpBridge
  beforeAll(async () => {
    bridge = await createHttpBridge({ engine, maxBodyBytes: 1_000_000 })
  })
  afterAll(async () => {
    await bridge.close()
  })

  it('answers any request body with a JSON WireResponse (or 413 past the limit), never a dropped connection', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.tuple(fc.constantFrom(...API_METHODS), fc.jsonValue({ maxDepth: 2 })).map(([method, args]) => JSON.stringify({ id: 1, method, args })),
    )
    await fc.assert(fc.asyncProperty(body, async (text) => {
      counts['http bodies'] = (counts['http bodies'] ?? 0) + 1
      const res = await fetch(`${bridge.url}/api/call`, { method: 'POST', headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' }, body: text })
      expect(res.status).toBe(200)
      const wire = (await res.json()) as WireResponse
      expect(typeof wire.ok).toBe('boolean')
      if (!wire.ok) expect(KNOWN_CODES.has(wire.error.code)).toBe(true)
    }), { numRuns: 150 })
    const big = await fetch(`${bridge.url}/api/call`, { method: 'POST', headers: { Authorization: `Bearer ${bridge.token}` }, body: 'x'.repeat(1_000_001) })
    expect(big.status).toBe(413)
  })
})

describe('bad datasets at sweep creation', () => {
  it('refuses a classifier sweep over one-class data before any trial, naming the dataset and the class', async () => {
    writeFileSync(join(ws.dir, 'one-class.csv'), 'text,label\nbuy now,spam\ncheap pills,spam\nwin a prize,spam\n')
    const text = 'method: grid\ntrainer: text-classifier\ndataset: {path: one-class.csv, text: text, label: label}\nmetric: {name: val_f1, goal: maximize}\nparameters:\n  epochs: {value: 1}\n'
    const before = (await engine.listSweeps({})).length
    const res = await call('createSweep', { text, fileName: join(ws.dir, 'one.yaml') }, 'bad datasets')
    expect(res).toMatchObject({ ok: false, error: { code: 'dataset/invalid', message: expect.stringContaining('one-class.csv": label column "label" has one class only ("spam", 3 rows)') } })
    expect((await engine.listSweeps({})).length).toBe(before)
  })

  it('refuses a sweep over a UTF-16 dataset, naming the encoding', async () => {
    writeFileSync(join(ws.dir, 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('text,label\na,b\nc,d\n', 'utf16le')]))
    const text = 'method: grid\ntrainer: text-classifier\ndataset: {path: u16.csv, text: text, label: label}\nmetric: {name: val_f1, goal: maximize}\nparameters:\n  epochs: {value: 1}\n'
    const res = await call('createSweep', { text, fileName: join(ws.dir, 'u16.yaml') }, 'bad datasets')
    expect(res).toMatchObject({ ok: false, error: { code: 'dataset/encoding', message: expect.stringMatching(/u16\.csv:1:1: the file is UTF-16 \(little-endian\), by its byte order mark; save it as UTF-8$/) } })
  })
})

describe('huge inputs through the API and the CLI', () => {
  it('refuses a sweep text over the 10 MB payload cap in milliseconds, naming the field', async () => {
    const started = performance.now()
    const res = await call('createSweep', { text: 'x'.repeat(10_000_001) }, 'huge inputs')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(res).toMatchObject({ ok: false, error: { code: 'api/bad-payload', message: expect.stringMatching(/^createSweep: text: /) } })
  })

  it('creates a 10^12-point grid sweep with run_cap without enumerating it, and counts its total from run_cap', async () => {
    const axis = '{values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}'
    const text = `method: grid\ntrainer: noop\nrun_cap: 3\nparameters:\n${Array.from({ length: 12 }, (_, i) => `  d${i}: ${axis}`).join('\n')}\n`
    const started = performance.now()
    const res = await call('createSweep', { text, start: false }, 'huge inputs')
    expect(performance.now() - started).toBeLessThan(PER_CALL_MS)
    expect(res.ok).toBe(true)
    if (!res.ok) return
    const { sweepId } = res.result as { sweepId: number }
    expect((await engine.getSweep({ sweepId })).total).toBe(3)
  })

  it('`sweeplab run` refuses a 100 MB sweep file after a stat, without reading it', async () => {
    const file = join(ws.dir, 'huge.yaml')
    writeFileSync(file, Buffer.alloc(100 * 1024 * 1024, 0x20))
    const cli = createTestCli({})
    const started = performance.now()
    const err = await runSweepFile(cli.ctx, file, {}, {}).then(() => undefined, (e: unknown) => e as { code: string; message: string })
    expect(performance.now() - started).toBeLessThan(1000)
    expect(err).toMatchObject({ code: 'spec/too-large', message: `${file}: the file is 100.0 MiB; a sweep file may be at most 10 MiB` })
    // Through the command line: bad input is exit code 2 with the message on stderr, and no workspace is opened.
    const viaCli = createTestCli({})
    expect(await runCli(['run', file], viaCli.ctx)).toBe(2)
    expect(viaCli.stderr.text).toContain('the file is 100.0 MiB; a sweep file may be at most 10 MiB')
    expect(viaCli.engines).toEqual([])
  })
})
