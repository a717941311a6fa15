import { basename, dirname, extname, join } from 'node:path'

/**
 * The folder beside a workspace database that holds its files (trial folders, imported datasets,
 * the prepared-data cache): `~/x/workspace.db` → `~/x/workspace.files/`. One per database, so two
 * workspaces in the same folder never share trial folders.
 */
export function workspaceFilesDir(dbPath: string): string {
  const file = basename(dbPath)
  const stem = extname(file) ? file.slice(0, -extname(file).length) : file
  return join(dirname(dbPath), `${stem}.files`)
}

/** The folder of one sweep's trial folders: `<files>/trials/<sweepId>/` (each trial in `<trialId>/` below it). */
export function sweepFilesDir(filesDir: string, sweepId: number): string {
  return join(filesDir, 'trials', String(sweepId))
}
