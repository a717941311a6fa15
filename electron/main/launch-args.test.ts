import { describe, expect, it } from 'vitest'
import { parseLaunchArgs } from './launch-args.ts'

describe('launch arguments', () => {
  it('finds sweep files (absolute) and --db in a dev launch, skipping the app path and Chromium switches', () => {
    const argv = ['/x/electron', '.', '--original-process-start-time=1234', 'sweeps/lr.yaml', '--db', 'ws/a.db', '--enable-logging']
    expect(parseLaunchArgs(argv, '/home/me')).toEqual({ files: ['/home/me/sweeps/lr.yaml'], db: '/home/me/ws/a.db' })
  })

  it('reads a packaged launch and --db=path', () => {
    expect(parseLaunchArgs(['/opt/Sweeplab/sweeplab', '/data/s.json', '--db=/data/w.db'], '/')).toEqual({ files: ['/data/s.json'], db: '/data/w.db' })
  })

  it('keeps several files in order and ignores other files and flags', () => {
    const argv = ['/x/electron', 'out/main/main.js', 'a.yml', 'notes.txt', '-v', 'b.YAML']
    expect(parseLaunchArgs(argv, '/w').files).toEqual(['/w/a.yml', '/w/b.YAML'])
  })

  it('never reads argv[0], and a --db without a value is ignored', () => {
    expect(parseLaunchArgs(['/weird/path.yaml', '--db'], '/w')).toEqual({ files: [] })
    expect(parseLaunchArgs(['/x/electron', '--db='], '/w')).toEqual({ files: [] })
  })
})
