import { describe, expect, it, vi } from 'vitest'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import { createEventHub, MAX_HELD_EVENTS } from './event-hub.ts'

const open = (n: number): SweeplabEvent => ({ type: 'open-sweep-file', payload: { text: `t${n}`, fileName: `/f${n}.yaml` } })
const deleted = (id: number): SweeplabEvent => ({ type: 'sweep-deleted', payload: { sweepId: id } })

/** A hub whose "next task" runs when the test says so. */
function manualHub() {
  const tasks: Array<() => void> = []
  const hub = createEventHub((fn) => tasks.push(fn))
  return { hub, runTasks: () => tasks.splice(0).forEach((t) => t()) }
}

describe('the preload event hub', () => {
  it('fans each event out to every subscriber until it unsubscribes', () => {
    const { hub } = manualHub()
    const a = vi.fn()
    const b = vi.fn()
    const offA = hub.subscribe(a)
    hub.subscribe(b)
    hub.receive(deleted(1))
    offA()
    hub.receive(deleted(2))
    expect(a.mock.calls).toEqual([[deleted(1)]])
    expect(b.mock.calls).toEqual([[deleted(1)], [deleted(2)]])
  })

  it('holds a file opened before the page subscribed and hands it to everyone who subscribed in the same task', () => {
    const { hub, runTasks } = manualHub()
    hub.receive(deleted(1))
    hub.receive(open(1))
    const intake = vi.fn()
    const cache = vi.fn()
    hub.subscribe(intake)
    hub.subscribe(cache)
    expect(intake).not.toHaveBeenCalled()
    hub.receive(open(2))
    runTasks()
    expect(intake.mock.calls).toEqual([[open(1)], [open(2)]])
    expect(cache.mock.calls).toEqual([[open(1)], [open(2)]])
    hub.receive(open(3))
    expect(intake).toHaveBeenLastCalledWith(open(3))
  })

  it('survives React StrictMode\'s subscribe, unsubscribe, subscribe', () => {
    const { hub, runTasks } = manualHub()
    hub.receive(open(1))
    const cb = vi.fn()
    hub.subscribe(cb)()
    hub.subscribe(cb)
    runTasks()
    expect(cb.mock.calls).toEqual([[open(1)]])
  })

  it('keeps holding when everyone unsubscribed before the hand-over, and drops engine events nobody listens to', () => {
    const { hub, runTasks } = manualHub()
    hub.receive(open(1))
    hub.subscribe(vi.fn())()
    runTasks()
    hub.receive(deleted(1))
    const late = vi.fn()
    hub.subscribe(late)
    runTasks()
    expect(late.mock.calls).toEqual([[open(1)]])
  })

  it('holds at most a few files', () => {
    const { hub, runTasks } = manualHub()
    for (let i = 0; i < MAX_HELD_EVENTS + 2; i++) hub.receive(open(i))
    const cb = vi.fn()
    hub.subscribe(cb)
    runTasks()
    expect(cb).toHaveBeenCalledTimes(MAX_HELD_EVENTS)
    expect(cb.mock.calls[0]).toEqual([open(2)])
  })

  it('keeps delivering to the others when one subscriber throws', () => {
    const { hub } = manualHub()
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const after = vi.fn()
    hub.subscribe(() => {
      throw new Error('boom')
    })
    hub.subscribe(after)
    hub.receive(deleted(1))
    expect(after).toHaveBeenCalledWith(deleted(1))
    expect(error).toHaveBeenCalledOnce()
    error.mockRestore()
  })

  it('hands held files over with a real timer by default', async () => {
    const hub = createEventHub()
    hub.receive(open(1))
    const cb = vi.fn()
    hub.subscribe(cb)
    expect(cb).not.toHaveBeenCalled()
    await new Promise((r) => setTimeout(r, 5))
    expect(cb).toHaveBeenCalledWith(open(1))
  })
})
