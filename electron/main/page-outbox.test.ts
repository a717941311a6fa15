import { describe, expect, it } from 'vitest'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import { createPageOutbox, MAX_HELD_EVENTS } from './page-outbox.ts'

const open = (n: number): SweeplabEvent => ({ type: 'open-sweep-file', payload: { text: `t${n}`, fileName: `/f${n}.yaml` } })

describe('the page outbox', () => {
  it('holds events until the page has loaded, then sends them in order', () => {
    const sent: SweeplabEvent[] = []
    const outbox = createPageOutbox((ev) => sent.push(ev))
    outbox.send(open(1))
    outbox.send(open(2))
    expect(sent).toEqual([])
    outbox.loaded()
    expect(sent).toEqual([open(1), open(2)])
    outbox.send(open(3))
    expect(sent).toEqual([open(1), open(2), open(3)])
  })

  it('holds again while the page reloads', () => {
    const sent: SweeplabEvent[] = []
    const outbox = createPageOutbox((ev) => sent.push(ev))
    outbox.loaded()
    outbox.loading()
    outbox.send(open(1))
    expect(sent).toEqual([])
    outbox.loaded()
    outbox.loaded()
    expect(sent).toEqual([open(1)])
  })

  it('keeps only the newest events when many pile up', () => {
    const sent: SweeplabEvent[] = []
    const outbox = createPageOutbox((ev) => sent.push(ev))
    for (let i = 0; i < MAX_HELD_EVENTS + 4; i++) outbox.send(open(i))
    outbox.loaded()
    expect(sent).toHaveLength(MAX_HELD_EVENTS)
    expect(sent[0]).toEqual(open(4))
  })
})
