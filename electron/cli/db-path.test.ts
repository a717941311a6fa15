import { join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveDbPath } from './db-path.ts'

describe('resolveDbPath', () => {
  it('prefers --db, resolved against the working directory', () => {
    expect(resolveDbPath({ db: 'x/w.db' }, { SWEEPLAB_DB: '/env/w.db' })).toBe(resolve('x/w.db'))
  })
  it('falls back to SWEEPLAB_DB', () => {
    expect(resolveDbPath({}, { SWEEPLAB_DB: '/env/w.db' })).toBe(resolve('/env/w.db'))
  })
  it('ignores an empty SWEEPLAB_DB and uses the per-user data folder without a -nodejs suffix', () => {
    const p = resolveDbPath({}, { SWEEPLAB_DB: '' })
    expect(p.endsWith(`${sep}${join('sweeplab', 'workspace.db')}`) || p.endsWith(join('sweeplab', 'Data', 'workspace.db'))).toBe(true)
    expect(p).not.toContain('nodejs')
  })
})
