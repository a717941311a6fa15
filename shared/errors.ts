/** Stable, namespaced error codes. Tests and docs refer to them; never rename one. */
export type ErrorCode =
  | 'spec/invalid'
  | 'spec/parse'
  | 'spec/grid-continuous'
  | 'spec/too-large'
  | 'spec/no-gpu'
  | 'spec/not-enough-cpus'
  | 'dataset/missing'
  | 'dataset/invalid'
  | 'dataset/encoding'
  | 'dataset/exists'
  | 'worker/crashed'
  | 'worker/spawn-failed'
  | 'trial/not-found'
  | 'trial/nan-metric'
  | 'sweep/not-found'
  | 'sweep/running'
  | 'artifact/not-found'
  | 'artifact/missing'
  | 'artifact/not-text'
  | 'sweep/not-resumable'
  | 'sweep/no-finished-trials'
  | 'sweep/not-pausable'
  | 'sweep/edit-refused'
  | 'rerun/unknown-param'
  | 'retrain/unsupported'
  | 'search/failed'
  | 'export/unsupported'
  | 'spec/warm-start'
  | 'workspace/read-only'
  | 'store/schema-newer-than-app'
  | 'store/migration-edited'
  | 'store/corrupt'
  | 'store/open-failed'
  | 'api/unknown-method'
  | 'api/bad-payload'
  | 'io/read-failed'
  | 'slurm/unavailable'
  | 'slurm/no-partition'
  | 'slurm/submit-refused'
  | 'usage'
  | 'internal'

/** One located problem inside an input file (used by spec errors; several may be reported at once). */
export interface ErrorLocation {
  file?: string
  line?: number
  column?: number
  /** Dotted key path inside the document, e.g. `parameters.lr.min`. */
  path?: string
  message: string
}

export interface ErrorDetails {
  problems?: ReadonlyArray<ErrorLocation>
  [key: string]: unknown
}

const BRAND = Symbol.for('sweeplab.error')

/** The one error type that crosses module and process boundaries. */
export class SweeplabError extends Error {
  readonly code: ErrorCode
  readonly details?: ErrorDetails
  readonly [BRAND] = true

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: ErrorDetails } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SweeplabError'
    this.code = code
    this.details = options.details
  }
}

/** Works across bundles and realms, unlike `instanceof`. */
export function isSweeplabError(e: unknown): e is SweeplabError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true
}

export interface WireError {
  code: ErrorCode
  message: string
  details?: ErrorDetails
}

export function toWireError(e: unknown): WireError {
  if (isSweeplabError(e)) return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) }
  const message = e instanceof Error ? e.message : String(e)
  return { code: 'internal', message }
}

export function fromWireError(w: WireError): SweeplabError {
  return new SweeplabError(w.code, w.message, w.details ? { details: w.details } : {})
}

/** Formats one located problem as `file:line:col path: message`. */
export function formatLocation(p: ErrorLocation): string {
  let where = p.file ?? ''
  if (p.line !== undefined) where += `${where ? ':' : ''}${p.line}${p.column !== undefined ? `:${p.column}` : ''}`
  const head = [where, p.path].filter(Boolean).join(' ')
  return head ? `${head}: ${p.message}` : p.message
}

export function assertNever(x: never, what = 'value'): never {
  throw new SweeplabError('internal', `unexpected ${what}: ${JSON.stringify(x)}`)
}
