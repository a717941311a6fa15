import { describe, expect, it, vi } from 'vitest'
import { createQuitController, quitConfirmation, type QuitDeps } from './quit-controller.ts'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function event() {
  return { preventDefault: vi.fn() }
}

function setup(over: Partial<QuitDeps> = {}) {
  const log: string[] = []
  const shutdown = deferred<void>()
  const deps: QuitDeps = {
    activeSweepIds: () => [],
    confirmStop: vi.fn(async () => true),
    shutdown: vi.fn(() => {
      log.push('shutdown')
      return shutdown.promise
    }),
    exit: vi.fn((code: number) => void log.push(`exit ${code}`)),
    onStopping: () => void log.push('stopping'),
    onError: vi.fn(),
    ...over,
  }
  return { quit: createQuitController(deps), deps, log, shutdown }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('quitting', () => {
  it('with no sweeps running, holds the quit, shuts the engine down, then exits 0', async () => {
    const { quit, deps, log, shutdown } = setup()
    const ev = event()
    quit.requestQuit(ev)
    expect(ev.preventDefault).toHaveBeenCalled()
    expect(deps.confirmStop).not.toHaveBeenCalled()
    expect(quit.phase).toBe('stopping')
    expect(log).toEqual(['stopping', 'shutdown'])
    shutdown.resolve()
    await settle()
    expect(log).toEqual(['stopping', 'shutdown', 'exit 0'])
    expect(quit.phase).toBe('exited')
  })

  it('with sweeps running, asks first; "Stop and Quit" stops them cleanly and exits', async () => {
    const ask = deferred<boolean>()
    const { quit, deps, log, shutdown } = setup({ activeSweepIds: () => [3, 7], confirmStop: vi.fn(() => ask.promise) })
    quit.requestQuit(event())
    expect(deps.confirmStop).toHaveBeenCalledWith([3, 7])
    expect(quit.phase).toBe('confirming')
    expect(log).toEqual([])
    ask.resolve(true)
    await settle()
    expect(log).toEqual(['stopping', 'shutdown'])
    shutdown.resolve()
    await settle()
    expect(log.at(-1)).toBe('exit 0')
  })

  it('"Cancel" keeps the app running, and a later quit asks again', async () => {
    const { quit, deps, log } = setup({ activeSweepIds: () => [1], confirmStop: vi.fn(async () => false) })
    const ev = event()
    quit.requestQuit(ev)
    await settle()
    expect(ev.preventDefault).toHaveBeenCalled()
    expect(quit.phase).toBe('running')
    expect(log).toEqual([])
    quit.requestQuit(event())
    expect(deps.confirmStop).toHaveBeenCalledTimes(2)
  })

  it('ignores further quit requests while the dialog is open or the engine is stopping, but still holds them', async () => {
    const ask = deferred<boolean>()
    const { quit, deps, shutdown } = setup({ activeSweepIds: () => [1], confirmStop: vi.fn(() => ask.promise) })
    quit.requestQuit(event())
    const during = event()
    quit.requestQuit(during)
    expect(during.preventDefault).toHaveBeenCalled()
    expect(deps.confirmStop).toHaveBeenCalledTimes(1)
    ask.resolve(true)
    await settle()
    const again = event()
    quit.requestQuit(again)
    quit.requestQuit(again)
    expect(again.preventDefault).toHaveBeenCalledTimes(2)
    expect(deps.shutdown).toHaveBeenCalledTimes(1)
    shutdown.resolve()
    await settle()
    expect(deps.exit).toHaveBeenCalledTimes(1)
  })

  it('lets the quit through once it has exited (app.exit emits no before-quit, but nothing must hold it)', async () => {
    const { quit, shutdown } = setup()
    quit.requestQuit(event())
    shutdown.resolve()
    await settle()
    const late = event()
    quit.requestQuit(late)
    expect(late.preventDefault).not.toHaveBeenCalled()
  })

  it('a signal (ask: false) stops without asking, even while the dialog is open; the dialog\'s answer is then ignored', async () => {
    const ask = deferred<boolean>()
    const { quit, deps, shutdown } = setup({ activeSweepIds: () => [4], confirmStop: vi.fn(() => ask.promise) })
    quit.requestQuit(event())
    quit.requestQuit(undefined, { ask: false })
    expect(quit.phase).toBe('stopping')
    ask.resolve(false)
    await settle()
    expect(quit.phase).toBe('stopping')
    shutdown.resolve()
    await settle()
    expect(deps.exit).toHaveBeenCalledWith(0)
    expect(deps.shutdown).toHaveBeenCalledTimes(1)

    const direct = setup({ activeSweepIds: () => [4] })
    direct.quit.requestQuit(undefined, { ask: false })
    expect(direct.deps.confirmStop).not.toHaveBeenCalled()
    expect(direct.deps.shutdown).toHaveBeenCalledOnce()
  })

  it('exits 1 and reports it when the shutdown fails', async () => {
    const { quit, deps, shutdown } = setup()
    quit.requestQuit(event())
    shutdown.reject(new Error('disk full'))
    await settle()
    expect(deps.onError).toHaveBeenCalledWith(new Error('disk full'))
    expect(deps.exit).toHaveBeenCalledWith(1)
  })

  it('exits 1 when the shutdown hangs past its time limit', async () => {
    vi.useFakeTimers()
    try {
      const { quit, deps } = setup({ shutdownTimeoutMs: 5000 })
      quit.requestQuit(event())
      await vi.advanceTimersByTimeAsync(4999)
      expect(deps.exit).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      expect(deps.exit).toHaveBeenCalledWith(1)
      expect(String(vi.mocked(deps.onError!).mock.calls[0]?.[0])).toMatch(/did not shut down within 5 s/)
    } finally {
      vi.useRealTimers()
    }
  })

  it('still quits when the dialog cannot be shown or the engine cannot list its sweeps', async () => {
    const noDialog = setup({ activeSweepIds: () => [1], confirmStop: vi.fn(async () => { throw new Error('no display') }) })
    noDialog.quit.requestQuit(event())
    await settle()
    expect(noDialog.quit.phase).toBe('running')
    expect(noDialog.deps.onError).toHaveBeenCalled()

    const broken = setup({ activeSweepIds: () => { throw new Error('store closed') } })
    broken.quit.requestQuit(event())
    expect(broken.deps.shutdown).toHaveBeenCalledOnce()
  })
})

describe('the quit dialog text', () => {
  it('counts the sweeps and says how to resume them', () => {
    expect(quitConfirmation([5])).toEqual({
      message: '1 sweep is running. Stop it and quit?',
      detail: "The running trials of sweep #5 are stopped and marked interrupted; their metrics and logs so far are kept. Continue later with Resume on the sweep's page, or `sweeplab resume 5` in a terminal.",
      buttons: ['Stop and Quit', 'Cancel'],
    })
    const two = quitConfirmation([2, 9])
    expect(two.message).toBe('2 sweeps are running. Stop them and quit?')
    expect(two.detail).toMatch(/^The running trials of sweeps #2, #9 are stopped/)
    expect(two.detail).toMatch(/`sweeplab resume <sweep id>`/)
  })
})
