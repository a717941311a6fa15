import { describe, expect, it } from 'vitest'
import { createIpcOutbox } from './ipc-outbox.ts'

function fakeChannel() {
  const pending: Array<(err: Error | null) => void> = []
  return {
    send: (_msg: string, done: (err: Error | null) => void) => void pending.push(done),
    /** Completes the oldest n writes. */
    write(n: number) {
      for (const done of pending.splice(0, n)) done(null)
    },
  }
}

describe('the worker IPC outbox', () => {
  it('lets output flow while the channel keeps up', () => {
    const ch = fakeChannel()
    const out = createIpcOutbox(ch.send, 4)
    out.send('a')
    out.send('b')
    ch.write(2)
    expect(out.unsent).toBe(0)
    expect(out.whenWritable()).toBeNull()
  })

  it('holds the output back once messages pile up, and releases it when half have been written', async () => {
    const ch = fakeChannel()
    const out = createIpcOutbox(ch.send, 4)
    for (const m of ['a', 'b', 'c', 'd']) out.send(m)
    const wait = out.whenWritable()
    expect(wait).not.toBeNull()
    let released = false
    void wait!.then(() => (released = true))
    ch.write(1)
    await Promise.resolve()
    expect(released).toBe(false)
    ch.write(1)
    await Promise.resolve()
    expect(released).toBe(true)
    expect(out.whenWritable()).toBeNull()
  })

  it('releases the waiters when the channel fails instead of keeping them paused', async () => {
    const pending: Array<(err: Error | null) => void> = []
    const out = createIpcOutbox<string>((_m, done) => void pending.push(done), 2)
    out.send('a')
    out.send('b')
    const wait = out.whenWritable()!
    for (const done of pending) done(new Error('channel closed'))
    await expect(wait).resolves.toBeUndefined()
  })
})
