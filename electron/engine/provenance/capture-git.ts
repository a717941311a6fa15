import { execFile } from 'node:child_process'
import type { GitState } from '../../../shared/sweep-provenance.ts'

const GIT_TIMEOUT_MS = 10_000

interface GitResult {
  ok: boolean
  stdout: string
  stderr: string
  /** ENOENT: no git on PATH. */
  missing: boolean
}

function runGit(args: string[], cwd: string, git: string): Promise<GitResult> {
  return new Promise((resolve) => {
    // LC_ALL=C: messages are matched below; GIT_OPTIONAL_LOCKS=0: status must not take the index lock.
    execFile(git, args, { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code
      resolve({ ok: err === null, stdout: String(stdout), stderr: String(stderr), missing: code === 'ENOENT' })
    })
  })
}

/**
 * The git state of a command sweep's program folder: commit, branch and whether the work tree has
 * changes (modified, staged or untracked files), so a report says which code produced the results.
 * Never throws: no git, a folder outside any repository, or a failing git are states of their own.
 */
export async function captureGitState(folder: string, opts: { git?: string } = {}): Promise<GitState> {
  const git = opts.git ?? 'git'
  const base = { folder, commit: null, branch: null, changedFiles: null }
  const top = await runGit(['rev-parse', '--show-toplevel'], folder, git)
  if (top.missing) return { ...base, state: 'no-git', detail: `git is not installed (no "${git}" on PATH); the program's version was not recorded` }
  if (!top.ok) {
    if (/not a git repository/i.test(top.stderr)) return { ...base, state: 'not-a-repo', detail: `${folder} is not in a git repository; the program's version was not recorded` }
    return { ...base, state: 'error', detail: `git rev-parse failed in ${folder}: ${firstLine(top.stderr) || 'no message'}` }
  }
  const head = await runGit(['rev-parse', '--verify', '-q', 'HEAD'], folder, git)
  const commit = head.ok ? head.stdout.trim() : null
  const branchRes = await runGit(['symbolic-ref', '--short', '-q', 'HEAD'], folder, git)
  const branch = branchRes.ok ? branchRes.stdout.trim() || null : null
  const status = await runGit(['status', '--porcelain', '--untracked-files=normal'], folder, git)
  if (!status.ok) return { ...base, commit, branch, state: 'error', detail: `git status failed in ${folder}: ${firstLine(status.stderr) || 'no message'}` }
  const changed = status.stdout.split('\n').filter((l) => l.trim() !== '').length
  const at = commit === null ? 'no commit yet' : `commit ${commit.slice(0, 12)}${branch ? ` on ${branch}` : ' (detached HEAD)'}`
  return changed === 0
    ? { folder, commit, branch, changedFiles: 0, state: 'clean', detail: `${at}, clean` }
    : { folder, commit, branch, changedFiles: changed, state: 'dirty', detail: `${at}, dirty: ${changed} changed or untracked file${changed === 1 ? '' : 's'}` }
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? ''
}
