import { SweeplabError, toWireError } from '../errors.ts'
import { apiRequestSchemas, isApiMethod, type SweeplabApi, type WireRequest, type WireResponse } from './contract.ts'

/**
 * Runs one wire request against an API implementation: unknown methods and payloads that fail
 * their schema come back as coded errors, never as exceptions.
 */
export async function dispatchApiCall(api: SweeplabApi, req: WireRequest): Promise<WireResponse> {
  try {
    if (!isApiMethod(req.method)) throw new SweeplabError('api/unknown-method', `unknown API method "${req.method}"`)
    const parsed = apiRequestSchemas[req.method].safeParse(req.args ?? {})
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ')
      throw new SweeplabError('api/bad-payload', `${req.method}: ${msg}`)
    }
    const fn = api[req.method] as (a: unknown) => Promise<unknown>
    const result = await fn.call(api, parsed.data)
    return { id: req.id, ok: true, result }
  } catch (e) {
    return { id: req.id, ok: false, error: toWireError(e) }
  }
}
