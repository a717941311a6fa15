import { spawnSync } from 'node:child_process'
import { afterEach, beforeEach } from 'vitest'
import { createWorkspace, type Workspace } from '../integration/helpers.ts'

/**
 * Why these tests cannot run here, or null when a Slurm cluster answers: sinfo must list a node that
 * is idle, mixed or allocated (test/slurm/start-cluster.sh starts one on this machine).
 */
export function clusterUnavailable(): string | null {
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' })
  if (r.error) return `sinfo is not installed (${r.error.message}); run test/slurm/start-cluster.sh as root to start a local cluster`
  if (r.status !== 0) return `sinfo failed: ${r.stderr.trim()}; run test/slurm/start-cluster.sh as root`
  if (!/idle|mix|alloc/.test(r.stdout)) return `no usable Slurm node (sinfo: ${r.stdout.trim()}); run test/slurm/start-cluster.sh as root`
  return null
}

/**
 * The reason the suite skips, or null when it runs. With SWEEPLAB_REQUIRE_SLURM=1 (CI, which starts
 * the cluster) a missing cluster is an error, so the suite can never pass by skipping.
 */
export function skipReason(): string | null {
  const why = clusterUnavailable()
  if (why && process.env.SWEEPLAB_REQUIRE_SLURM === '1') throw new Error(`SWEEPLAB_REQUIRE_SLURM=1 but ${why}`)
  if (why) console.warn(`Slurm tests skipped: ${why}`)
  return why
}

/** squeue's job ids (array tasks one per line) for a job name, finished ones included. */
export function jobsNamed(name: string): string[] {
  const r = spawnSync('squeue', ['-h', '-r', '-t', 'all', '-n', name, '-o', '%i'], { encoding: 'utf8' })
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '')
}

export function scancel(jobId: string): void {
  const r = spawnSync('scancel', [jobId], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`scancel ${jobId}: ${r.stderr}`)
}

/** A deterministic trial: five loss points from x and the seed, a log line, then `sleep` seconds. */
export const TRAIN_SCRIPT = `
const arg = (n, d) => { const a = process.argv.find((s) => s.startsWith('--' + n + '=')); return a === undefined ? d : Number(a.slice(n.length + 3)) }
const x = arg('x', 0), sleep = arg('sleep', 0), seed = Number(process.env.SWEEPLAB_SEED)
for (let step = 0; step < 5; step++) console.log('@@sweeplab ' + JSON.stringify({ step, loss: (x - 1) ** 2 + ((seed % 97) / 97) / (step + 1) }))
console.log('hello from ' + (process.env.SLURM_JOB_ID ? 'slurm' : 'local'))
await new Promise((r) => setTimeout(r, sleep * 1000))
console.log('done')
`

/** Polls an async condition every 200 ms until it gives a value. */
export async function waitUntil<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Gives each test of the calling describe block a fresh workspace holding the training script, cleaned up after. */
export function useSlurmWorkspace(set: (ws: Workspace) => void): void {
  let ws: Workspace | undefined
  beforeEach(() => {
    ws = createWorkspace()
    ws.write('train.mjs', TRAIN_SCRIPT)
    set(ws)
  })
  afterEach(async () => {
    await ws?.cleanup()
  })
}
