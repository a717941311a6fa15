import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate.ts'
import { useTempDir } from '../test-helpers.ts'
import { MIGRATIONS } from './index.ts'

const dir = useTempDir()

describe('migration 0006 (failure reasons)', () => {
  it('classifies the trials a workspace already holds from their status, exit code, signal and error', () => {
    const file = join(dir(), 'old.db')
    const db = new Database(file)
    migrate(db, file, MIGRATIONS.filter((m) => m.version < 6))
    db.prepare(`INSERT INTO sweeps (name, method, status, spec_json, spec_text, seed, workers, created_at) VALUES ('s', 'grid', 'completed', '{}', '', 1, 1, 1)`).run()
    const rows: Array<[string, number | null, string | null, string | null]> = [
      ['completed', 0, null, null],
      ['failed', 3, null, 'exit code 3'],
      ['failed', 137, null, 'exit code 137'],
      ['failed', 1, null, 'exit code 1; last output:\nRuntimeError: CUDA out of memory.'],
      ['failed', null, 'SIGSEGV', 'killed by signal SIGSEGV'],
      ['failed', null, null, 'could not start "x": spawn x ENOENT'],
      ['crashed', 1, null, 'worker 1 exited'],
      ['diverged', null, null, 'non-finite metric: loss=NaN at step 2'],
      ['pruned', null, 'SIGTERM', null],
    ]
    const insert = db.prepare(`INSERT INTO trials (sweep_id, idx, status, params_json, seed, created_at, exit_code, signal, error) VALUES (1, ?, ?, '{}', 1, 1, ?, ?, ?)`)
    rows.forEach(([status, code, signal, error], i) => insert.run(i, status, code, signal, error))
    migrate(db, file, MIGRATIONS)
    const got = db.prepare('SELECT failure_reason AS r, failure_note AS n FROM trials ORDER BY idx').all() as Array<{ r: string | null; n: string | null }>
    expect(got.map((g) => g.r)).toEqual([null, 'nonzero_exit', 'oom', 'oom', 'signal', 'start_failed', 'worker_crash', 'nan_metric', 'pruned'])
    expect(got[1]!.n).toBe('exit code 3')
    expect(got[8]!.n).toBe('pruned')
    db.close()
  })
})
