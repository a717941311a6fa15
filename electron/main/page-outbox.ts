import type { SweeplabEvent } from '../../shared/api/contract.ts'

export interface PageOutbox {
  /** The page started (re)loading: hold events until it has finished. */
  loading(): void
  /** The page finished loading (its preload listens from now on): send what was held. */
  loaded(): void
  send(ev: SweeplabEvent): void
}

/** Held events beyond this are dropped, oldest first: only the last few files asked for matter. */
export const MAX_HELD_EVENTS = 8

/**
 * Shell events for the page (`open-sweep-file`) that may be sent before the page can receive
 * them: a file named on the command line arrives while the window is still loading.
 */
export function createPageOutbox(send: (ev: SweeplabEvent) => void): PageOutbox {
  let ready = false
  const held: SweeplabEvent[] = []
  return {
    loading() {
      ready = false
    },
    loaded() {
      ready = true
      for (const ev of held.splice(0)) send(ev)
    },
    send(ev) {
      if (ready) return send(ev)
      held.push(ev)
      if (held.length > MAX_HELD_EVENTS) held.shift()
    },
  }
}
