import { dispatchApiCall } from '../../shared/api/dispatch.ts'
import type { WireRequest } from '../../shared/api/contract.ts'
import type { Engine } from '../engine/engine-types.ts'

export const CALL_CHANNEL = 'sweeplab:call'
export const EVENT_CHANNEL = 'sweeplab:event'

/** The slice of Electron's ipcMain the bridge uses; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { sender: unknown }, req: unknown) => Promise<unknown>): void
}
export interface WebContentsLike {
  send(channel: string, payload: unknown): void
  isDestroyed(): boolean
}

function isWireRequest(x: unknown): x is WireRequest {
  return typeof x === 'object' && x !== null && typeof (x as WireRequest).id === 'number' && typeof (x as WireRequest).method === 'string'
}

/** Answers API calls from our own windows only, validating each payload; forwards engine events to them. */
export function registerIpcBridge(ipc: IpcMainLike, engine: Engine, windows: () => WebContentsLike[]): () => void {
  ipc.handle(CALL_CHANNEL, async (event, req) => {
    if (!windows().includes(event.sender as WebContentsLike)) {
      return { id: -1, ok: false, error: { code: 'api/bad-payload', message: 'call from an unknown sender refused' } }
    }
    if (!isWireRequest(req)) return { id: -1, ok: false, error: { code: 'api/bad-payload', message: 'malformed request' } }
    return dispatchApiCall(engine, req)
  })
  return engine.subscribe((ev) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, ev)
  })
}
