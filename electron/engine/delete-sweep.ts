import { rmSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import { SweeplabError } from '../../shared/errors.ts'
import type { Store, SweepRow } from './store/store-types.ts'
import { liveOwner } from './sweep-ownership.ts'
import { sweepFilesDir } from './workspace-files.ts'

export interface DeleteSweepContext {
  store: Store
  /** The workspace's files folder (workspaceFilesDir): nothing outside it is ever removed. */
  filesDir: string
  /** Whether this engine process runs the sweep now. */
  isRunningHere(sweepId: number): boolean
  log(message: string): void
}

/** The sweep's trial files folder that was removed, or null when it had none on disk. */
export interface DeletedSweep {
  folder: string | null
}

/**
 * Deletes a sweep that no engine runs: its row (foreign keys cascade to trials, metric points, logs,
 * artifacts and control requests) in one transaction, then its folder of trial files.
 * Throws `sweep/not-found`, or `sweep/running` when this or another live process runs it.
 */
export function deleteStoredSweep(ctx: DeleteSweepContext, sweepId: number): DeletedSweep {
  const { store } = ctx
  // IMMEDIATE takes the write lock before the checks, so another process cannot claim (resume) the
  // sweep between "nobody runs it" and the DELETE: its claim is a write and waits for this one.
  const remove = store.db.transaction((): void => {
    const row = store.sweeps.get(sweepId)
    if (!row) throw new SweeplabError('sweep/not-found', `no sweep with id ${sweepId} in ${store.path}`)
    refuseIfRunning(ctx, row)
    store.sweeps.delete(sweepId)
  })
  remove.immediate()
  return { folder: removeSweepFiles(ctx, sweepId) }
}

function refuseIfRunning(ctx: DeleteSweepContext, row: SweepRow): void {
  const label = `sweep ${row.id} ${JSON.stringify(row.name)}`
  // `running` under our own pid without a runner: a resume of it is between its claim and its start.
  if (ctx.isRunningHere(row.id) || (row.status === 'running' && row.enginePid === process.pid)) {
    throw new SweeplabError('sweep/running', `${label} is running; stop it first (cancel it), then delete it`, { details: { sweepId: row.id, pid: process.pid } })
  }
  const owner = liveOwner(row)
  if (owner !== null) {
    throw new SweeplabError('sweep/running', `${label} is being run by process ${owner}; stop it first (sweeplab cancel ${row.id}), then delete it`, {
      details: { sweepId: row.id, pid: owner },
    })
  }
}

/**
 * Removes `<files>/trials/<sweepId>/`. The row is already gone, so a folder that cannot be removed
 * (permissions, a file held open on Windows) is logged with its path rather than failing a deletion
 * that happened; leftover trial files are inert.
 */
function removeSweepFiles(ctx: DeleteSweepContext, sweepId: number): string | null {
  const root = resolve(ctx.filesDir)
  const folder = resolve(sweepFilesDir(root, sweepId))
  const rel = relative(root, folder)
  // Defence in depth: the path is built from an integer id, but nothing outside the files folder may go.
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) throw new SweeplabError('internal', `refusing to remove ${folder}: not inside ${root}`)
  try {
    // rmSync never follows symbolic links: a link a trial left in its folder is removed, not its target.
    rmSync(folder, { recursive: true, maxRetries: 3 })
    return folder
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    ctx.log(`sweep ${sweepId} deleted, but its files could not be removed: ${(e as Error).message}; delete ${folder} by hand`)
    return folder
  }
}
