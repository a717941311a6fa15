import { dispatchApiCall } from './dispatch.ts'
import type { SweeplabApi, SweeplabEvent, Transport } from './contract.ts'

/**
 * A transport that calls an API implementation in the same process, through the same wire envelope
 * and validation as IPC and HTTP; requests and results are JSON round-tripped, as a real transport would.
 */
export function createInProcessTransport(api: SweeplabApi & { subscribe(cb: (ev: SweeplabEvent) => void): () => void }): Transport {
  return {
    async call(req) {
      const res = await dispatchApiCall(api, JSON.parse(JSON.stringify(req)))
      return JSON.parse(JSON.stringify(res))
    },
    subscribe: (cb) => api.subscribe(cb),
  }
}
