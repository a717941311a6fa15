import { describe, expect, it } from 'vitest'
import { diskFullMessage, isDiskFullError } from './disk-full.ts'

describe('disk-full detection', () => {
  it('recognises SQLite and file-system out-of-space errors, and nothing else', () => {
    const err = (code: string) => Object.assign(new Error(code), { code })
    expect(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'].map((c) => isDiskFullError(err(c)))).toEqual([true, true, true])
    expect(['SQLITE_BUSY', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'EACCES'].map((c) => isDiskFullError(err(c)))).toEqual([false, false, false])
    expect([null, undefined, 'SQLITE_FULL', 42].map(isDiskFullError)).toEqual([false, false, false, false])
  })

  it('names the disk-full condition, the file and the way out', () => {
    const msg = diskFullMessage('/data/w.db', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
    expect(msg).toBe('disk full: cannot write to /data/w.db (database or disk is full); no new trials were started and everything already saved is kept; free space on that disk, then resume the sweep')
  })
})
