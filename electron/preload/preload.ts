import { contextBridge, ipcRenderer } from 'electron'
import type { SweeplabEvent, Transport, WireRequest, WireResponse } from '../../shared/api/contract.ts'

const bridge = {
  call: (req: WireRequest) => ipcRenderer.invoke('sweeplab:call', req) as Promise<WireResponse>,
  subscribe(cb: (ev: SweeplabEvent) => void) {
    // The Electron event object is dropped: the page sees plain data only.
    const listener = (_e: unknown, ev: SweeplabEvent) => cb(ev)
    ipcRenderer.on('sweeplab:event', listener)
    return () => {
      ipcRenderer.removeListener('sweeplab:event', listener)
    }
  },
} satisfies Transport

contextBridge.exposeInMainWorld('sweeplab', bridge)
