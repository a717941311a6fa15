import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_VERSION, runCli } from './program.ts'
import { createTestCli } from './testing/capture.ts'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sweeplab.mjs')

describe('runCli', () => {
  it('prints help to stdout and exits 0 for --help', async () => {
    const cli = createTestCli()
    expect(await runCli(['--help'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toMatch(/^Usage: sweeplab \[options\] \[command\]/)
    for (const c of ['run', 'resume', 'ls', 'show', 'export', 'rm', 'examples', 'doctor']) expect(cli.stdout.text).toContain(`\n  ${c} `)
  })

  it('prints the version', async () => {
    const cli = createTestCli()
    expect(await runCli(['--version'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(`${CLI_VERSION}\n`)
  })

  it('treats no command, an unknown command or a missing argument as bad usage (exit 2)', async () => {
    for (const argv of [[], ['nope'], ['show'], ['ls', '--bogus']]) {
      const cli = createTestCli()
      expect(await runCli(argv, cli.ctx)).toBe(2)
      expect(cli.stderr.text).not.toBe('')
      expect(cli.engines).toHaveLength(0)
    }
  })

  it('shows an unexpected error with a hint instead of a stack', async () => {
    const cli = createTestCli({ setup: (e) => (e.listSweeps = () => Promise.reject(new TypeError('x is undefined'))) })
    expect(await runCli(['ls'], cli.ctx)).toBe(1)
    expect(cli.stderr.text).toBe('error: x is undefined (run with --verbose for the stack)\n')
  })
})

describe('bin/sweeplab.mjs', () => {
  it('runs the CLI on this Node', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })).toBe(`${CLI_VERSION}\n`)
  })

  it('exits 2 with a clear line for a missing sweep file, before opening any workspace', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', 'no-such-sweep.yaml'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: cannot read sweep file no-such-sweep.yaml: no such file\n')
  })

  const oldNode = '/usr/bin/node'
  const oldVersion = existsSync(oldNode) ? execFileSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim() : ''
  it.skipIf(!/^(1\d|20|21)\./.test(oldVersion))('refuses an old Node with one line and exit 2', () => {
    const r = spawnSync(oldNode, [BIN, 'ls'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^sweeplab: needs Node >= 22\.14 .*\(this is Node 2\d\.[\d.]+\); run it as `npx sweeplab \.\.\.`.*\n$/)
  })
})
