import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { InvalidArgumentError, type Command } from 'commander'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext, StopSignal } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { SHUTDOWN_GRACE_MS } from '../watch-sweep.ts'

/** The built renderer, relative to this file (electron-vite writes it to out/renderer). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../out/renderer/', import.meta.url))

export interface ServeOptions {
  port?: number
  host?: string
  allowRemote?: boolean
  /** commander's `--no-open` sets this to false. */
  open?: boolean
  /** Tests point this elsewhere; the CLI serves out/renderer. */
  staticDir?: string
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])
/** A second signal this soon after the first is the same Ctrl-C forwarded twice. */
const REPEAT_SIGNAL_MS = 1000

function parsePort(v: string): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535')
  return n
}

/** `sweeplab serve`: the app in a browser, over an HTTP bridge to this process's engine. */
export function registerServeCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the app and its API to a browser on this machine (browser mode)')
    .option('--port <n>', 'port to listen on (default: a free one)', parsePort)
    .option('--host <host>', 'address to bind (default: 127.0.0.1)')
    .option('--allow-remote', 'allow a non-loopback --host: anyone who can reach it and has the token controls this workspace')
    .option('--no-open', 'do not open the URL in a browser')
    .action(async (opts: ServeOptions, cmd: Command) => {
      setExit(await serveWorkspace(ctx, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function serveWorkspace(ctx: CliContext, opts: ServeOptions, globals: GlobalOptions): Promise<number> {
  const host = opts.host ?? '127.0.0.1'
  const remote = !LOOPBACK_HOSTS.has(host)
  if (remote && !opts.allowRemote) {
    throw new SweeplabError('usage', `--host ${host} is not a loopback address: add --allow-remote to serve the workspace to other machines`)
  }
  if (remote) ctx.stderr.write(`warning: serving on ${host}: anyone who can reach this address and has the token can run commands on this machine\n`)
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR
  const haveRenderer = existsSync(staticDir)
  if (!haveRenderer) ctx.stderr.write(`the app is not built (no ${staticDir}): \`npm run build\` builds it; serving the API only\n`)
  // Imported lazily so `--help` never loads the server.
  const { createHttpBridge } = await import('../../server/http-bridge.ts')
  return withEngine(ctx, globals, { shutdownGraceMs: SHUTDOWN_GRACE_MS }, async (session) => {
    const bridge = await createHttpBridge({
      engine: session.engine,
      host,
      allowRemote: remote,
      ...(haveRenderer ? { staticDir } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
    })
    const link = `${bridge.url}/?token=${bridge.token}`
    ctx.stdout.write(`sweeplab serving ${session.engine.dbPath} at ${link}\n`)
    if (opts.open !== false && ctx.isTTY) openInBrowser(link)
    let firstAt = 0
    let off: (() => void) | undefined
    const signal = await new Promise<StopSignal>((stop) => {
      off = ctx.onSignal?.((s) => {
        const now = (ctx.now ?? Date.now)()
        if (firstAt === 0) {
          firstAt = now
          stop(s)
          return
        }
        // npm (and some terminals) forward one Ctrl-C twice; only a later one means "hurry".
        if (now - firstAt < REPEAT_SIGNAL_MS) return
        ctx.stderr.write(`${s} again: stopping running trials now\n`)
        void session.shutdown({ reason: s, graceMs: 0 })
      })
    })
    ctx.stderr.write(`${signal}: stopping the server; running sweeps end interrupted\n`)
    try {
      await bridge.close()
      await session.shutdown({ reason: signal })
    } finally {
      off?.()
    }
    return 0
  })
}

/** Best effort: a missing opener (headless box) only means the user copies the printed URL. */
function openInBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // Same as above: the URL is already printed.
  }
}
