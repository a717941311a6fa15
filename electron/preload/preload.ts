import { contextBridge, ipcRenderer } from 'electron'
import type { SweeplabEvent, Transport, WireRequest, WireResponse } from '../../shared/api/contract.ts'
import { createEventHub } from './event-hub.ts'

// The same names as electron/main/ipc-bridge.ts; not imported from there, so nothing of main's
// (or of the engine's) can end up in this sandboxed bundle.
const CALL_CHANNEL = 'sweeplab:call'
const EVENT_CHANNEL = 'sweeplab:event'

const hub = createEventHub()
// Listening from the start, not from the first subscribe, so a file opened while the page loads is held, not lost.
// The Electron event object is dropped: the page sees plain data only.
ipcRenderer.on(EVENT_CHANNEL, (_e, ev: SweeplabEvent) => hub.receive(ev))

/** The whole surface the page gets: `window.sweeplab`, the API transport (one call channel, one event channel). */
const bridge = {
  call: (req: WireRequest) => ipcRenderer.invoke(CALL_CHANNEL, req) as Promise<WireResponse>,
  subscribe: (cb: (ev: SweeplabEvent) => void) => hub.subscribe(cb),
} satisfies Transport

contextBridge.exposeInMainWorld('sweeplab', bridge)
