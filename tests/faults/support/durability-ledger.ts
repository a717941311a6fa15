import Database from 'better-sqlite3'
import { TERMINAL_TRIAL_STATUSES, type TrialStatus } from '../../../shared/status.ts'

interface PointRow { trial_id: number; name: string; step: number; value: number | null }
interface TrialRow { id: number; sweep_id: number; idx: number; attempt: number; status: TrialStatus; ended_at: number | null }

export interface LedgerCheck {
  /** Committed points (as of an earlier snapshot) that are gone or changed now. */
  lost: string[]
  /** Trials that had ended and now show another status or end time: ended twice. */
  reEnded: string[]
}

/**
 * What the database held at each moment the engine was dead: every committed metric point and
 * every ended trial. Later snapshots must keep all of it unchanged: a point committed once stays
 * (with its value), and a trial ends once.
 */
export function createDurabilityLedger(dbPath: string) {
  const points = new Map<string, number | null>()
  const ended = new Map<number, string>()

  function read<T>(sql: string): T[] {
    // A separate read-only connection, as an outside observer: it sees exactly what was committed.
    const db = new Database(dbPath, { readonly: true, fileMustExist: true })
    try {
      return db.prepare(sql).all() as T[]
    } finally {
      db.close()
    }
  }

  return {
    /** Compares the database with everything recorded so far, then records what it holds now. */
    snapshot(): LedgerCheck {
      const lost: string[] = []
      const reEnded: string[] = []
      const rows = read<PointRow>('SELECT trial_id, name, step, value FROM metrics')
      const now = new Map(rows.map((p) => [`${p.trial_id}/${p.name}/${p.step}`, p.value]))
      for (const [key, value] of points) {
        if (!now.has(key)) lost.push(`${key} missing`)
        else if (!Object.is(now.get(key), value)) lost.push(`${key} changed from ${value} to ${now.get(key)}`)
      }
      for (const [key, value] of now) points.set(key, value)
      for (const t of read<TrialRow>('SELECT id, sweep_id, idx, attempt, status, ended_at FROM trials')) {
        const before = ended.get(t.id)
        const end = `${t.status}@${t.ended_at}`
        if (before !== undefined && before !== end) reEnded.push(`trial ${t.id}: ${before} then ${end}`)
        if (before === undefined && TERMINAL_TRIAL_STATUSES.has(t.status)) ended.set(t.id, end)
      }
      return { lost, reEnded }
    },
    /** Committed points recorded over all snapshots. */
    get points(): number {
      return points.size
    },
    /** Metric rows stored more than once (the primary key forbids it; counted anyway). */
    duplicates(): number {
      return read<{ n: number }>('SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT trial_id, name, step FROM metrics)) AS n FROM metrics')[0]!.n
    },
    trials(): TrialRow[] {
      return read<TrialRow>('SELECT id, sweep_id, idx, attempt, status, ended_at FROM trials ORDER BY id')
    },
    integrity(): string {
      return read<{ integrity_check: string }>('PRAGMA integrity_check').map((r) => r.integrity_check).join('; ')
    },
    foreignKeyProblems(): number {
      return read<unknown>('PRAGMA foreign_key_check').length
    },
  }
}
