import type { SweeplabEvent } from '../../shared/api/contract.ts'

/** `open-sweep-file` events kept for a page that has not subscribed yet; more than this is a flood. */
export const MAX_HELD_EVENTS = 8

export interface EventHub {
  /** The one event listener the page gets through window.sweeplab; returns its unsubscribe. */
  subscribe(cb: (ev: SweeplabEvent) => void): () => void
  /** Called for each event main sends on the event channel. */
  receive(ev: SweeplabEvent): void
}

/**
 * Fans the one IPC event channel out to the page's subscribers. A file opened at start-up can
 * reach the page before React has mounted and subscribed, so `open-sweep-file` events that find
 * no subscriber are held, then handed over one task after the first subscription: by then every
 * effect of that first React commit (the new-sweep intake and the cache updater alike) has
 * subscribed. Engine facts are not held: the page reads fresh data when it mounts.
 */
export function createEventHub(schedule: (fn: () => void) => void = (fn) => setTimeout(fn, 0)): EventHub {
  const subscribers = new Set<(ev: SweeplabEvent) => void>()
  const held: SweeplabEvent[] = []
  let flushPending = false

  function deliver(ev: SweeplabEvent): void {
    for (const cb of [...subscribers]) {
      try {
        cb(ev)
      } catch (e) {
        // One failing subscriber must not keep the event from the others.
        console.error('sweeplab: an event subscriber threw', e)
      }
    }
  }

  function flush(): void {
    flushPending = false
    if (subscribers.size === 0) return
    for (const ev of held.splice(0)) deliver(ev)
  }

  return {
    subscribe(cb) {
      // A wrapper per subscription: the same function subscribed twice is two subscriptions.
      const entry = (ev: SweeplabEvent): void => cb(ev)
      subscribers.add(entry)
      if (held.length > 0 && !flushPending) {
        flushPending = true
        schedule(flush)
      }
      return () => {
        subscribers.delete(entry)
      }
    },
    receive(ev) {
      if (ev.type === 'open-sweep-file' && (subscribers.size === 0 || flushPending)) {
        held.push(ev)
        if (held.length > MAX_HELD_EVENTS) held.shift()
        return
      }
      deliver(ev)
    },
  }
}
