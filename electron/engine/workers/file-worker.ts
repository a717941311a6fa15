import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { fork } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_WORKER_ENTRY } from '../scheduler/worker-pool.ts'
import { STREAM_FILE, type StreamEntry } from '../executors/slurm/stream-file.ts'
import type { FromWorker, ToWorker, TrialJob } from './protocol.ts'

/** After Slurm's SIGTERM the trial gets this long to end before the wrapper leaves (Slurm's KillWait follows with SIGKILL). */
const TERM_GRACE_MS = 2_000

/**
 * Runs one trial from a job file, the way `sweeplab worker --job` does on a Slurm node: the same
 * worker process as a local trial, with every message it would send the engine over IPC appended as
 * one JSON line to the trial folder's stream file instead (the engine tails it). Resolves with the
 * exit code for the job: 0 when the trial ended (however it ended), non-zero when it was stopped.
 */
export function runJobFile(jobPath: string, entry = DEFAULT_WORKER_ENTRY): Promise<number> {
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as TrialJob
  mkdirSync(job.trialDir, { recursive: true })
  const stream = join(job.trialDir, STREAM_FILE)
  // One appendFileSync per line: each write lands whole, so the engine never reads half a line as whole.
  const write = (e: StreamEntry): void => appendFileSync(stream, `${JSON.stringify(e)}\n`)
  write({ type: 'node', node: process.env.SLURMD_NODENAME || hostname(), at: Date.now() })
  return new Promise((resolve) => {
    const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let terminated: NodeJS.Signals | null = null
    let done = false
    const send = (msg: ToWorker): void => {
      if (child.connected) child.send(msg)
    }
    child.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') {
        send({ type: 'run', job })
        return
      }
      if (msg.type === 'finished' && terminated) {
        // Slurm stopped the job: its rows still count, but how the trial ended is Slurm's to say
        // (TIMEOUT, CANCELLED, PREEMPTED), which the engine reads from squeue/sacct.
        if (msg.metrics.length) write({ type: 'metrics', trialId: msg.trialId, rows: msg.metrics })
        if (msg.logs.length) write({ type: 'logs', trialId: msg.trialId, rows: msg.logs })
        finish(143)
        return
      }
      write(msg)
      if (msg.type === 'finished') finish(0)
    })
    child.on('exit', (code, signal) => {
      if (done) return
      write({ type: 'worker-exit', code, signal, at: Date.now() })
      finish(terminated ? 143 : 1)
    })
    function finish(code: number): void {
      if (done) return
      done = true
      send({ type: 'shutdown' })
      resolve(code)
    }
    const onSignal = (sig: NodeJS.Signals): void => {
      if (terminated || done) return
      terminated = sig
      write({ type: 'terminated', signal: sig, at: Date.now() })
      send({ type: 'cancel', trialId: job.trialId, reason: 'shutdown', graceMs: TERM_GRACE_MS })
      setTimeout(() => finish(143), TERM_GRACE_MS + 1_000).unref()
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  })
}
