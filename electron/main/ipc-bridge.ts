import { dispatchApiCall } from '../../shared/api/dispatch.ts'
import type { WireRequest, WireResponse } from '../../shared/api/contract.ts'
import type { Engine } from '../engine/engine-types.ts'

export const CALL_CHANNEL = 'sweeplab:call'
export const EVENT_CHANNEL = 'sweeplab:event'

/** The frame an IPC message came from: Electron's WebFrameMain, null once it navigated away or closed. */
export interface SenderFrameLike {
  readonly url: string
  readonly parent: unknown
}
export interface IpcEventLike {
  sender: unknown
  readonly senderFrame?: SenderFrameLike | null
}
/** The slice of Electron's ipcMain the bridge uses; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, req: unknown) => Promise<unknown>): void
}
export interface WebContentsLike {
  send(channel: string, payload: unknown): void
  isDestroyed(): boolean
}

function isWireRequest(x: unknown): x is WireRequest {
  return typeof x === 'object' && x !== null && Number.isSafeInteger((x as WireRequest).id) && typeof (x as WireRequest).method === 'string'
}

function refused(message: string, id = -1): WireResponse {
  return { id, ok: false, error: { code: 'api/bad-payload', message } }
}

/**
 * Why a call must be refused, or undefined when its sender may make it: one of our windows, from
 * its top frame, showing one of our pages (`isTrustedUrl`; without it, any page in our windows).
 * Electron's checklist item 17: a window that somehow navigated elsewhere, or an iframe in it,
 * must not reach the engine.
 */
export function refusalReason(event: IpcEventLike, windows: ReadonlyArray<WebContentsLike>, isTrustedUrl?: (url: string) => boolean): string | undefined {
  if (!windows.includes(event.sender as WebContentsLike)) return 'call from an unknown sender refused'
  if (!isTrustedUrl) return undefined
  let frame: SenderFrameLike | null | undefined
  try {
    frame = event.senderFrame
  } catch {
    frame = null
  }
  if (!frame) return 'call from a frame that is gone refused'
  if (frame.parent !== null) return 'call from a subframe refused'
  if (!isTrustedUrl(frame.url)) return `call from a page that is not Sweeplab's refused (${frame.url.slice(0, 100)})`
  return undefined
}

/**
 * Answers API calls from our own windows only, validating each payload against the shared zod
 * schemas (dispatchApiCall: `api/unknown-method`, `api/bad-payload`); forwards engine events to
 * the windows. Returns the unsubscribe from engine events.
 */
export function registerIpcBridge(
  ipc: IpcMainLike,
  engine: Engine,
  windows: () => WebContentsLike[],
  isTrustedUrl?: (url: string) => boolean,
): () => void {
  ipc.handle(CALL_CHANNEL, async (event, req) => {
    const reason = refusalReason(event, windows(), isTrustedUrl)
    if (reason) return refused(reason, isWireRequest(req) ? req.id : -1)
    if (!isWireRequest(req)) return refused('malformed request: expected { id, method, args }')
    return dispatchApiCall(engine, req)
  })
  return engine.subscribe((ev) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, ev)
  })
}
