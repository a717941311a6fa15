import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromWorker, ToWorker } from '../workers/protocol.ts'

export const DEFAULT_WORKER_ENTRY = fileURLToPath(new URL('../workers/worker-main.ts', import.meta.url))

export interface WorkerHandle {
  readonly id: number
  readonly pid: number
  send(msg: ToWorker): void
  kill(signal?: NodeJS.Signals): void
}

export interface WorkerPoolEvents {
  message(worker: WorkerHandle, msg: FromWorker): void
  /** The process exited while it was not being shut down by the pool. */
  exit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void
}

/**
 * Persistent worker processes, forked on demand and reused across trials. A worker that dies is
 * forgotten (the next acquire forks a fresh one); the pool reports the death so its trial can be settled.
 */
export function createWorkerPool(opts: { entry?: string; execArgv?: string[]; events: WorkerPoolEvents }) {
  const entry = opts.entry ?? DEFAULT_WORKER_ENTRY
  const idle: WorkerHandle[] = []
  const all = new Map<number, { handle: WorkerHandle; child: ChildProcess }>()
  let nextId = 1
  let closing = false

  function spawnWorker(): Promise<WorkerHandle> {
    const id = nextId++
    const child = fork(entry, [], {
      execArgv: opts.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Its own process group: a terminal's Ctrl-C reaches the engine only, which then stops
      // trials with their grace period instead of having them killed mid-step.
      detached: true,
      env: { ...process.env, SWEEPLAB_WORKER_ID: String(id) },
    })
    const handle: WorkerHandle = {
      id,
      pid: child.pid ?? -1,
      send: (msg) => {
        if (child.connected) child.send(msg)
      },
      kill: (signal = 'SIGKILL') => {
        child.kill(signal)
      },
    }
    all.set(id, { handle, child })
    return new Promise((resolve, reject) => {
      let ready = false
      child.on('message', (msg: FromWorker) => {
        if (!ready && msg.type === 'ready') {
          ready = true
          resolve(handle)
          return
        }
        opts.events.message(handle, msg)
      })
      child.on('error', (e) => {
        if (!ready) reject(e)
      })
      child.on('exit', (code, signal) => {
        all.delete(id)
        const i = idle.indexOf(handle)
        if (i >= 0) idle.splice(i, 1)
        if (!ready) reject(new Error(`worker exited during start-up (code ${code}, signal ${signal})`))
        else if (!closing) opts.events.exit(handle, code, signal)
      })
    })
  }

  return {
    async acquire(): Promise<WorkerHandle> {
      return idle.pop() ?? spawnWorker()
    },
    /** An idle worker now, or null (then `acquire` forks one). */
    tryAcquire(): WorkerHandle | null {
      return idle.pop() ?? null
    },
    release(w: WorkerHandle): void {
      if (all.has(w.id) && !closing) idle.push(w)
    },
    /** Kills a worker that no longer answers; its exit is still reported. */
    discard(w: WorkerHandle): void {
      w.kill('SIGKILL')
    },
    get size(): number {
      return all.size
    },
    async close(): Promise<void> {
      closing = true
      const exits = [...all.values()].map(
        ({ child, handle }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            child.once('exit', () => resolve())
            handle.send({ type: 'shutdown' })
            setTimeout(() => child.kill('SIGKILL'), 2000).unref()
          }),
      )
      await Promise.all(exits)
      idle.length = 0
    },
  }
}

export type WorkerPool = ReturnType<typeof createWorkerPool>
