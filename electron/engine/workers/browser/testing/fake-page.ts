import type { BrowserPage } from '../host.ts'
import type { PageMethod } from '../page-protocol.ts'

export const FAKE_HELLO = { userAgent: 'test', backends: [{ name: 'webgl', available: true, detail: 'renderer X' }] }

/**
 * A stand-in for a browser page (host.ts) in unit tests: `hello` answers like the worker page,
 * `next` answers come from a queue the test fills, `receive` calls are recorded.
 */
export function fakePage(opts: { hello?: unknown } = {}) {
  const received: unknown[] = []
  const answers: unknown[] = []
  let wake: (() => void) | null = null
  let goneWith!: (why: string) => void
  let closed = false
  const gone = new Promise<string>((r) => (goneWith = r))
  const page: BrowserPage = {
    async call(method: PageMethod, arg?: unknown) {
      if (closed) throw new Error('Target page, context or browser has been closed')
      if (method === 'hello') return opts.hello ?? FAKE_HELLO
      if (method === 'receive') return void received.push(arg)
      while (answers.length === 0) {
        await new Promise<void>((r) => (wake = r))
        if (closed) throw new Error('Target page, context or browser has been closed')
      }
      const a = answers.shift()
      if (a instanceof Error) throw a
      return a
    },
    gone,
    async close() {
      closed = true
      wake?.()
      goneWith('was closed')
    },
  }
  return {
    page,
    received,
    answer(a: unknown) {
      answers.push(a)
      wake?.()
    },
    crash() {
      goneWith('crashed (the renderer process died)')
      closed = true
      wake?.()
    },
    get closed() {
      return closed
    },
  }
}
