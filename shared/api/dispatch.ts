import { SweeplabError, toWireError } from '../errors.ts'
import { apiRequestSchemas, isApiMethod, type SweeplabApi, type WireRequest, type WireResponse } from './contract.ts'

/**
 * Runs one wire request against an API implementation: unknown methods and payloads that fail
 * their schema come back as coded errors, never as exceptions.
 */
export async function dispatchApiCall(api: SweeplabApi, req: WireRequest): Promise<WireResponse> {
  // The bridges check the envelope first; this guards direct callers, so even `null` gets an answer.
  const envelope: Partial<WireRequest> = typeof req === 'object' && req !== null ? req : {}
  const id = typeof envelope.id === 'number' ? envelope.id : -1
  try {
    const method: unknown = envelope.method
    if (typeof method !== 'string' || !isApiMethod(method)) throw new SweeplabError('api/unknown-method', `unknown API method ${describeMethod(method)}`)
    const parsed = apiRequestSchemas[method].safeParse(envelope.args ?? {})
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(args)'}: ${i.message}`).join('; ')
      throw new SweeplabError('api/bad-payload', `${method}: ${msg}`)
    }
    const fn = api[method] as (a: unknown) => Promise<unknown>
    const result = await fn.call(api, parsed.data)
    return { id, ok: true, result }
  } catch (e) {
    return { id, ok: false, error: toWireError(e) }
  }
}

/** The method as the caller sent it, cut short: it may be anything, of any size. */
function describeMethod(method: unknown): string {
  if (typeof method !== 'string') return `(got ${method === null ? 'null' : typeof method}, expected a method name)`
  return JSON.stringify(method.length > 100 ? `${method.slice(0, 100)}…` : method)
}
