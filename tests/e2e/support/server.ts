import type { ChildProcess } from 'node:child_process'
import type { ApiArgs, ApiMethod, ApiResult } from '../../../shared/api/contract.ts'
import { spawnCli } from './cli.ts'

export interface BrowserModeServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  /** The printed link with `?token=`: the first visit trades it for the session cookie. */
  url: string
  token: string
  /** Everything the server wrote to stderr so far (engine warnings, failures). */
  stderr(): string
  /** SIGTERM, as a user's Ctrl-C would: running sweeps end interrupted, the engine closes the DB. */
  stop(): Promise<void>
}

const URL_LINE = /at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})\s*$/m
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 20_000

/** Starts `sweeplab serve --db FILE --port 0 --no-open` and waits for the URL line it prints. */
export async function startServer(dbPath: string): Promise<BrowserModeServer> {
  const child = spawnCli(['serve', '--db', dbPath, '--port', '0', '--no-open'])
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const [, origin, token] = await new Promise<RegExpExecArray>((resolve, reject) => {
    const done = (err: Error | null, m?: RegExpExecArray) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('close', onClose)
      if (err) {
        child.kill('SIGKILL')
        reject(err)
      } else resolve(m!)
    }
    const why = (what: string) => new Error(`sweeplab serve ${what}\nstdout: ${stdout}\nstderr: ${stderr}`)
    const onData = () => {
      const m = URL_LINE.exec(stdout)
      if (m) done(null, m)
    }
    const onClose = (code: number | null, signal: string | null) => done(why(`exited (${code ?? signal}) before it printed its URL`))
    const timer = setTimeout(() => done(why(`printed no URL within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS)
    child.stdout?.on('data', onData)
    child.on('close', onClose)
  })
  return {
    origin: origin!,
    token: token!,
    url: `${origin}/?token=${token}`,
    stderr: () => stderr,
    stop: () => stopChild(child, exited),
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), STOP_TIMEOUT_MS)))])
  clearTimeout(timer)
  if (!timedOut) return
  child.kill('SIGKILL')
  await exited
  throw new Error(`sweeplab serve did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM (killed)`)
}

let nextCallId = 1

/** Calls the engine over the server's HTTP API with the Bearer token, as a script would. */
export async function callApi<M extends ApiMethod>(server: BrowserModeServer, method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const res = await fetch(`${server.origin}/api/call`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: nextCallId++, method, args }),
  })
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error?.code}: ${body.error?.message}`)
  return body.result as ApiResult<M>
}
