import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../store/test-helpers.ts'
import { captureGitState } from './capture-git.ts'
import { captureSweepEnvironment } from './capture-environment.ts'

const dir = useTempDir()

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } }).trim()
}

function repo(): string {
  const r = join(dir(), 'prog')
  mkdirSync(r)
  git(r, 'init', '-q', '-b', 'main')
  writeFileSync(join(r, 'train.py'), 'print(1)\n')
  git(r, 'add', '.')
  git(r, 'commit', '-q', '-m', 'first')
  return r
}

describe('captureGitState', () => {
  it('a clean work tree: its commit and branch', async () => {
    const r = repo()
    const s = await captureGitState(r)
    expect(s).toMatchObject({ state: 'clean', commit: git(r, 'rev-parse', 'HEAD'), branch: 'main', changedFiles: 0 })
    expect(s.detail).toBe(`commit ${s.commit!.slice(0, 12)} on main, clean`)
  })

  it('a dirty work tree: modified and untracked files are counted', async () => {
    const r = repo()
    writeFileSync(join(r, 'train.py'), 'print(2)\n')
    writeFileSync(join(r, 'notes.txt'), 'x\n')
    const s = await captureGitState(r)
    expect(s).toMatchObject({ state: 'dirty', changedFiles: 2, branch: 'main' })
    expect(s.detail).toMatch(/dirty: 2 changed or untracked files$/)
  })

  it('a subfolder of a repository reports the repository', async () => {
    const r = repo()
    mkdirSync(join(r, 'src'))
    expect((await captureGitState(join(r, 'src'))).state).toBe('clean')
  })

  it('a folder in no repository says so', async () => {
    const s = await captureGitState(dir())
    expect(s).toMatchObject({ state: 'not-a-repo', commit: null })
    expect(s.detail).toContain('is not in a git repository')
  })

  it('no git installed says so', async () => {
    const s = await captureGitState(dir(), { git: join(dir(), 'no-such-git') })
    expect(s.state).toBe('no-git')
    expect(s.detail).toMatch(/git is not installed/)
  })
})

describe('captureSweepEnvironment', () => {
  it('records versions, and git only for a program folder', async () => {
    const env = await captureSweepEnvironment(null, { now: 5 })
    expect(env).toMatchObject({ node: process.versions.node, capturedAt: 5, git: null })
    expect(env.sweeplabVersion).toMatch(/^\d+\.\d+\.\d+/)
    expect((await captureSweepEnvironment(repo())).git?.state).toBe('clean')
  })
})
