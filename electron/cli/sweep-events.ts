import type { SweeplabEvent } from '../../shared/api/contract.ts'
import type { Engine } from '../engine/engine-types.ts'

export interface EngineEventBuffer {
  /** Replays what was held, then forwards every new event to `listener`. */
  attach(listener: (ev: SweeplabEvent) => void): void
  close(): void
}

/**
 * Subscribes at once and holds events until a listener attaches, so nothing a sweep emits
 * between `createSweep` starting it and the CLI learning its id is lost.
 */
export function bufferEngineEvents(engine: Pick<Engine, 'subscribe'>): EngineEventBuffer {
  let held: SweeplabEvent[] | undefined = []
  let listener: ((ev: SweeplabEvent) => void) | undefined
  let closed = false
  const unsubscribe = engine.subscribe((ev) => {
    if (listener) listener(ev)
    else held?.push(ev)
  })
  return {
    attach(l) {
      listener = l
      const replay = held ?? []
      held = undefined
      for (const ev of replay) l(ev)
    },
    close() {
      if (closed) return
      closed = true
      unsubscribe()
    },
  }
}
