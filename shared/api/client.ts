import { fromWireError } from '../errors.ts'
import { API_METHODS, type SweeplabApi, type SweeplabEvent, type Transport } from './contract.ts'

export interface SweeplabClient extends SweeplabApi {
  subscribe(cb: (ev: SweeplabEvent) => void): () => void
}

/** Builds every API method over a transport; env-neutral, so the renderer, CLI and tests share it. */
export function createApiClient(transport: Transport): SweeplabClient {
  let nextId = 1
  const client: Record<string, unknown> = {
    subscribe: (cb: (ev: SweeplabEvent) => void) => transport.subscribe(cb),
  }
  for (const method of API_METHODS) {
    client[method] = async (args: unknown) => {
      const res = await transport.call({ id: nextId++, method, args: args ?? {} })
      if (!res.ok) throw fromWireError(res.error)
      return res.result
    }
  }
  return client as unknown as SweeplabClient
}
