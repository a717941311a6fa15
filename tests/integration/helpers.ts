import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { createEngine } from '../../electron/engine/engine.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const CLI = join(REPO_ROOT, 'bin', 'sweeplab.mjs')

/** A scratch workspace: a folder with a database path and helpers to write sweep files and scripts. */
export function createWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-it-'))
  const engines: Engine[] = []
  return {
    dir,
    dbPath: join(dir, 'workspace.db'),
    write(name: string, content: string, executable = false): string {
      const p = join(dir, name)
      writeFileSync(p, content)
      if (executable) chmodSync(p, 0o755)
      return p
    },
    engine(opts: { maxWorkers?: number; shutdownGraceMs?: number; readOnly?: boolean } = {}): Engine {
      const e = createEngine({ dbPath: join(dir, 'workspace.db'), ...opts })
      engines.push(e)
      return e
    },
    /** Opens the database read-only, as an outside observer would. */
    query<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(join(dir, 'workspace.db'), { readonly: true, fileMustExist: true })
      try {
        return db.prepare(sql).all(...params) as T[]
      } finally {
        db.close()
      }
    },
    async cleanup(): Promise<void> {
      for (const e of engines) await e.shutdown({ graceMs: 500 }).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
export type Workspace = ReturnType<typeof createWorkspace>

/** Runs the real `sweeplab` CLI on Node 24 (this test runner's node). */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (c) => (stdout += String(c)))
  child.stderr?.on('data', (c) => (stderr += String(c)))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, done }
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
