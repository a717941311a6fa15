import type { FromPage, ToPage } from './page-protocol.ts'

/** The worker process's end of its trial's browser page; the engine relays both ways. */
export interface PageLink {
  send(msg: ToPage): void
  onMessage(cb: (msg: FromPage) => void): void
  onGone(cb: (reason: string) => void): void
}

/** The page training a trial crashed or was closed: the trial ends `crashed`, like a dead worker's. */
export class PageGoneError extends Error {
  override name = 'PageGoneError'
}

/** A PageLink fed by the worker's IPC: `deliver`/`gone` take what the engine relays. */
export function createPageLink(send: (msg: ToPage) => void): { link: PageLink; deliver(msg: FromPage): void; gone(reason: string): void } {
  const messages: Array<(m: FromPage) => void> = []
  const gones: Array<(r: string) => void> = []
  return {
    link: { send, onMessage: (cb) => void messages.push(cb), onGone: (cb) => void gones.push(cb) },
    deliver: (m) => messages.forEach((cb) => cb(m)),
    gone: (r) => gones.forEach((cb) => cb(r)),
  }
}
