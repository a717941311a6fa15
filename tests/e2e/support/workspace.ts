import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { SweepSummary, TrialSummary } from '../../../shared/api/types.ts'
import { runCliOk } from './cli.ts'

export interface E2eWorkspace {
  dir: string
  dbPath: string
  /** Writes a file into the workspace folder and returns its path. */
  write(name: string, text: string): string
  /** Runs a sweep file to its end with the real CLI (`sweeplab run --json`) and returns its summary. */
  runSweep(specPath: string): Promise<SweepSummary & { trials: TrialSummary[] }>
  /** Reads the workspace database directly, read-only, as an outside observer. */
  query<T>(sql: string, ...params: unknown[]): T[]
  cleanup(): void
}

export function createE2eWorkspace(): E2eWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-e2e-'))
  const dbPath = join(dir, 'workspace.db')
  return {
    dir,
    dbPath,
    write(name, text) {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    },
    async runSweep(specPath) {
      const out = await runCliOk(['run', specPath, '--db', dbPath, '--json'])
      return JSON.parse(out) as SweepSummary & { trials: TrialSummary[] }
    },
    query<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true })
      try {
        return db.prepare(sql).all(...params) as T[]
      } finally {
        db.close()
      }
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
