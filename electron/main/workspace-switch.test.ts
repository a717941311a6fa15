import { describe, expect, it } from 'vitest'
import { parseLaunchArgs } from './launch-args.ts'
import { relaunchArgs, workspaceTitle } from './workspace-switch.ts'

describe('switching workspaces by relaunching', () => {
  it('replaces --db and --read-only and drops the sweep files opened at launch', () => {
    expect(relaunchArgs(['.', '--db', '/a.db', 'sweep.yaml', '--read-only', '--inspect'], '/other.db', true)).toEqual(['.', '--inspect', '--db', '/other.db', '--read-only'])
    expect(relaunchArgs(['--db=/a.db', '--read-only'], null, false)).toEqual([])
  })

  it('round-trips through the launch parser', () => {
    const args = relaunchArgs(['.'], '/data/old.db', true)
    expect(parseLaunchArgs(['electron', ...args], '/cwd')).toEqual({ files: [], db: '/data/old.db', readOnly: true })
  })

  it('names a read-only workspace in the window title', () => {
    expect(workspaceTitle('Sweeplab', '/data/old.db', true)).toBe('Sweeplab — read-only: /data/old.db')
    expect(workspaceTitle('Sweeplab', '/data/ws.db', false)).toBe('Sweeplab')
  })
})
