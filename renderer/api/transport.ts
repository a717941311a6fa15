import type { Transport } from '../../shared/api/contract.ts'
import { createHttpTransport } from './http-transport.ts'

declare global {
  interface Window {
    /** Set by the desktop preload (electron/preload/preload.ts); absent when the UI is served to a browser. */
    sweeplab?: Transport
  }
}

/**
 * The desktop window gets its transport from the preload; a browser tab (`sweeplab serve`) talks
 * HTTP to the server that served the page. Nothing else in the renderer knows which one it is.
 */
export function pickTransport(host: { sweeplab?: Transport } = window): Transport {
  return host.sweeplab ?? createHttpTransport()
}
