import { z } from 'zod'
import type { DataTrainerName } from '../builtin/trainer-runs.ts'
import type { PageMethod } from './page-global.ts'

/**
 * Messages between the engine side and a browser GPU worker's page. The page exposes
 * `globalThis.sweeplabWorker` (PageApi); a host calls its methods with JSON values (Playwright's
 * `page.evaluate`, Electron's `executeJavaScript`), so no preload or Node integration is needed.
 * What the page sends back is checked against the schemas below before the engine acts on it.
 */

/** A trial for the page: data already prepared by the Node worker, typed arrays packed (pack.ts). */
export interface PageRunMessage {
  type: 'run'
  trialId: number
  trainer: DataTrainerName
  /** The trainer's params, with the sweep's backend and save keys folded in. */
  params: Record<string, unknown>
  seed: number
  /** One packed PreparedTabular/PreparedText per run (one per fold with `cv`). */
  runs: unknown[]
  folds: boolean
  /** finetune: the base model's model.json and packed weight files. */
  base?: { modelJson: string; weights: unknown[] }
}

export type ToPage = PageRunMessage | { type: 'cancel'; trialId: number }

const BACKEND_INFO = z.strictObject({ name: z.string().max(40), available: z.boolean(), detail: z.string().max(2000) })
export type PageBackendInfo = z.infer<typeof BACKEND_INFO>

/** What the page says about itself once loaded: the browser and each backend it could use. */
export const PAGE_HELLO = z.strictObject({
  userAgent: z.string().max(2000),
  backends: z.array(BACKEND_INFO).max(10),
})
export type PageHello = z.infer<typeof PAGE_HELLO>

const TRIAL_ID = z.number().int().nonnegative()
const LOG_ROW = z.tuple([z.enum(['stdout', 'stderr', 'system']), z.number(), z.string().max(100_000)])

export const FROM_PAGE = z.discriminatedUnion('type', [
  /** Metric records, as a trainer reported them (the Node worker parses them like any trial's). */
  z.strictObject({ type: z.literal('report'), trialId: TRIAL_ID, records: z.array(z.record(z.string(), z.unknown())).max(100_000) }),
  z.strictObject({ type: z.literal('log'), trialId: TRIAL_ID, rows: z.array(LOG_ROW).max(100_000) }),
  /** An output file: a relative path in the trial folder and its contents (text, or base64 bytes). */
  z.strictObject({
    type: z.literal('file'),
    trialId: TRIAL_ID,
    path: z.string().min(1).max(500),
    text: z.string().optional(),
    base64: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('finished'),
    trialId: TRIAL_ID,
    /** The trainer returned (completed, cancelled or stopped early: the worker knows which). */
    ok: z.boolean(),
    backend: z.string().max(40).nullable(),
    backendNote: z.string().max(4000).nullable(),
    error: z.string().max(20_000).nullable(),
    /** tf.memory().numTensors after each epoch record: flat when nothing leaks. */
    tensorsAfterEpoch: z.array(z.number().int().nonnegative()).max(100_000),
  }),
])
export type FromPage = z.infer<typeof FROM_PAGE>

/** The object a page exposes as `globalThis.sweeplabWorker`. */
export interface PageApi {
  /** Probes the backends (once) and says what the page has. */
  hello(): Promise<PageHello>
  receive(msg: ToPage): void
  /** Resolves with the messages queued since the last call, waiting up to `waitMs` for one. */
  next(waitMs: number): Promise<FromPage[]>
}

export { PAGE_GLOBAL, PAGE_METHODS } from './page-global.ts'
export type { PageMethod } from './page-global.ts'

/** Fails to compile if PAGE_METHODS names a method PageApi lacks: the list and the interface cannot drift. */
type MethodOf<T extends keyof PageApi> = T
export type CheckedPageMethod = MethodOf<PageMethod>

/** Messages from a page, each checked; the first bad one is an error that names it. */
export function parseFromPage(raw: unknown): FromPage[] {
  if (!Array.isArray(raw)) throw new Error(`the page answered with ${typeof raw}, not a list of messages`)
  return raw.map((m, i) => {
    const r = FROM_PAGE.safeParse(m)
    if (!r.success) throw new Error(`message ${i} from the page is malformed: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`)
    return r.data
  })
}
