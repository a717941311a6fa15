import type { Database } from 'better-sqlite3'
import type { LogLine } from '../../../shared/api/types.ts'
import type { LogRepo, LogRow } from './store-types.ts'

/** Lines kept from the start of a trial's log (the command, the config, the first errors). */
export const LOG_HEAD_LINES = 2_000
/** Lines kept from the end of a trial's log, rolling. */
export const LOG_TAIL_LINES = 8_000
/** Longest stored line, in UTF-16 code units (~8 KB of ASCII); a progress bar without newlines stays bounded. */
export const LOG_MAX_LINE_CHARS = 8_192
/**
 * Seq of the one `system` note that replaces the dropped middle of a flooded log. Seqs start at 1,
 * so a trial holds at most 2,000 head + 1 note + 8,000 tail = 10,001 rows, whatever it prints.
 */
export const LOG_NOTE_SEQ = LOG_HEAD_LINES + 1

/** Log lines per trial, capped; seq is assigned here, continuing from the stored maximum. */
export function createLogRepo(db: Database): LogRepo {
  const maxSeq = db.prepare<{ trialId: number }, { maxSeq: number }>('SELECT COALESCE(MAX(seq), 0) AS maxSeq FROM logs WHERE trial_id = @trialId')
  const insert = db.prepare('INSERT INTO logs (trial_id, seq, stream, time, line) VALUES (@trialId, @seq, @stream, @time, @line)')
  const dropMiddle = db.prepare('DELETE FROM logs WHERE trial_id = @trialId AND seq > @noteSeq AND seq <= @lastDropped')
  const note = db.prepare(`INSERT INTO logs (trial_id, seq, stream, time, line) VALUES (@trialId, @seq, 'system', @time, @line)
    ON CONFLICT (trial_id, seq) DO UPDATE SET stream = 'system', time = excluded.time, line = excluded.line`)
  const tail = db.prepare<{ trialId: number; n: number }, { seq: number; stream: LogLine['stream']; time: number; line: string }>(
    'SELECT seq, stream, time, line FROM logs WHERE trial_id = @trialId ORDER BY seq DESC LIMIT @n',
  )
  // Next seq per trial: read once from the DB, then kept here (one entry per trial, a few bytes).
  const nextSeq = new Map<number, number>()

  const insertAll = db.transaction((lines: readonly LogRow[]) => {
    for (const [trialId, group] of groupByTrial(lines)) {
      const first = nextSeq.get(trialId) ?? (maxSeq.get({ trialId })?.maxSeq ?? 0) + 1
      const last = first + group.length - 1
      // Lines that the cap would delete at once are never written (a 50k-line flood writes 10k).
      const lastDropped = last - LOG_TAIL_LINES
      for (let k = 0; k < group.length; k++) {
        const seq = first + k
        if (seq > LOG_HEAD_LINES && seq <= lastDropped) continue
        const [, stream, time, line] = group[k] as LogRow
        // time is an INTEGER column of a STRICT table: a fractional ms (performance.now()) would be refused.
        insert.run({ trialId, seq, stream, time: Math.round(time), line: truncateLine(line) })
      }
      if (lastDropped > LOG_HEAD_LINES) {
        dropMiddle.run({ trialId, noteSeq: LOG_NOTE_SEQ, lastDropped })
        const dropped = lastDropped - LOG_HEAD_LINES
        const time = Math.round((group.at(-1) as LogRow)[2])
        note.run({ trialId, seq: LOG_NOTE_SEQ, time, line: `[sweeplab] ${dropped.toLocaleString('en-US')} log lines dropped here: a trial keeps its first ${LOG_HEAD_LINES.toLocaleString('en-US')} and last ${LOG_TAIL_LINES.toLocaleString('en-US')} lines` })
      }
      nextSeq.set(trialId, last + 1)
    }
  })

  return {
    insertMany(lines) {
      if (lines.length === 0) return
      try {
        insertAll(lines)
      } catch (e) {
        // The cache may have advanced past rows that were rolled back; re-read it from the DB next time.
        nextSeq.clear()
        throw e
      }
    },
    tail(trialId, n) {
      return tail
        .all({ trialId, n })
        .reverse()
        .map((r) => ({ trialId, seq: r.seq, stream: r.stream, time: r.time, line: r.line }))
    },
    resetSeqCache() {
      nextSeq.clear()
    },
  }
}

function groupByTrial(lines: readonly LogRow[]): Map<number, LogRow[]> {
  const groups = new Map<number, LogRow[]>()
  for (const l of lines) {
    const g = groups.get(l[0])
    if (g === undefined) groups.set(l[0], [l])
    else g.push(l)
  }
  return groups
}

/** Cuts an overlong line, never inside a surrogate pair, and says how long it was. */
export function truncateLine(line: string): string {
  if (line.length <= LOG_MAX_LINE_CHARS) return line
  let cut = LOG_MAX_LINE_CHARS
  const code = line.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff) cut--
  return `${line.slice(0, cut)} … [truncated: ${line.length.toLocaleString('en-US')} characters in all]`
}
