import { backendNoteOf, type SelectBackend } from '../../train/backend-types.ts'
import { backendPinFromParams } from '../../train/hyperparams.ts'
import { prefixedFiles } from '../../train/trial-files.ts'
import { runTrainerRuns } from '../builtin/trainer-runs.ts'
import type { TrainerContext } from '../trainers.ts'
import { bytesToBase64 } from './pack.ts'
import type { FromPage, PageApi, PageBackendInfo, PageRunMessage } from './page-protocol.ts'
import { unpackRuns } from './page-runs.ts'

/** What the page side needs from where it runs (the real page, or a Node test). */
export interface PageWorkerEnv {
  selectBackend: SelectBackend
  probe(): Promise<PageBackendInfo[]>
  userAgent: string
  numTensors(): number
}

/** Non-finite numbers as the strings the metric parser reads, so they survive any JSON transport. */
function jsonSafe(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === 'number' && !Number.isFinite(v)) out[k] = String(v)
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[k] = jsonSafe(v as Record<string, unknown>)
    else out[k] = v
  }
  return out
}

const isEpochRecord = (rec: Record<string, unknown>) => Object.keys(rec).some((k) => k === 'epoch_seconds' || k.endsWith('/epoch_seconds'))

/**
 * The browser GPU worker inside its page: one trial at a time, run by the same trainer code as a
 * Node worker (runTrainerRuns) on the data the Node worker prepared. Everything it has to say is
 * queued and handed out by `next` (the host polls), so the page needs no channel of its own.
 */
export function createPageWorker(env: PageWorkerEnv): PageApi {
  const outbox: FromPage[] = []
  let wake: (() => void) | null = null
  let current: { trialId: number; controller: AbortController } | null = null
  let hello: Promise<PageBackendInfo[]> | null = null

  function post(msg: FromPage): void {
    const last = outbox.at(-1)
    // Coalesced: a trial reports a record per logged step, and each host call costs a round trip.
    if (msg.type === 'report' && last?.type === 'report' && last.trialId === msg.trialId) last.records.push(...msg.records)
    else if (msg.type === 'log' && last?.type === 'log' && last.trialId === msg.trialId) last.rows.push(...msg.rows)
    else outbox.push(msg)
    wake?.()
  }

  async function run(msg: PageRunMessage): Promise<void> {
    const controller = new AbortController()
    current = { trialId: msg.trialId, controller }
    const { trialId } = msg
    const tensorsAfterEpoch: number[] = []
    const ctx: TrainerContext = {
      params: msg.params,
      seed: msg.seed,
      files: prefixedFiles(async (path, data) => {
        post(typeof data === 'string' ? { type: 'file', trialId, path, text: data } : { type: 'file', trialId, path, base64: bytesToBase64(data) })
      }),
      selectBackend: env.selectBackend,
      report: (rec) => {
        if (isEpochRecord(rec)) tensorsAfterEpoch.push(env.numTensors())
        post({ type: 'report', trialId, records: [jsonSafe(rec)] })
      },
      log: (stream, line) => post({ type: 'log', trialId, rows: [[stream, Date.now(), line]] }),
      signal: controller.signal,
    }
    try {
      const choice = await env.selectBackend({ pin: backendPinFromParams(msg.params) })
      const result = await runTrainerRuns(ctx, unpackRuns(msg), backendNoteOf(choice))
      post({ type: 'finished', trialId, ok: true, backend: result.backend, backendNote: result.backendNote ?? null, error: null, tensorsAfterEpoch })
    } catch (e) {
      const err = e as Error
      post({ type: 'finished', trialId, ok: false, backend: null, backendNote: null, error: err.stack ?? String(err), tensorsAfterEpoch })
    } finally {
      current = null
    }
  }

  return {
    async hello() {
      hello ??= env.probe()
      return { userAgent: env.userAgent, backends: await hello }
    },
    receive(msg) {
      switch (msg.type) {
        case 'run':
          if (current) {
            post({ type: 'finished', trialId: msg.trialId, ok: false, backend: null, backendNote: null, error: `the page is still running trial ${current.trialId}`, tensorsAfterEpoch: [] })
            return
          }
          void run(msg)
          return
        case 'cancel':
          if (current?.trialId === msg.trialId) current.controller.abort()
          return
      }
    },
    async next(waitMs) {
      if (outbox.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        wake = null
      }
      return outbox.splice(0)
    },
  }
}
