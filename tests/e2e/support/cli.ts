import { spawn, type ChildProcess } from 'node:child_process'
import { CLI_ENTRY, REPO_ROOT } from './paths.ts'

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * Starts the real `sweeplab` CLI. `process.execPath` is the Node 24 vitest runs on (the npm script
 * puts node_modules/.bin first), which is what `npx sweeplab` would pick, without npx's extra process.
 */
export function spawnCli(args: readonly string[], opts: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [CLI_ENTRY, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs a CLI command to its end; stdout is kept byte for byte (export output is compared exactly). */
export function runCli(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const child = spawnCli(args, opts)
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (c: Buffer) => out.push(c))
  child.stderr?.on('data', (c: Buffer) => err.push(c))
  const timeoutMs = opts.timeoutMs ?? 120_000
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`sweeplab ${args.join(' ')} did not finish in ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })
    })
  })
}

/** Like runCli, but a non-zero exit is an error that shows what the CLI said. */
export async function runCliOk(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await runCli(args, opts)
  if (r.code !== 0) throw new Error(`sweeplab ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.stderr}${r.stdout}`)
  return r.stdout
}
