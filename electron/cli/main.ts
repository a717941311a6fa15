import { createProcessContext, type OutputStream } from './context.ts'
import { runCli } from './program.ts'

/**
 * The `sweeplab` process: runs the CLI on the real terminal, then exits once stdout and stderr
 * are flushed (pipes are asynchronous on macOS, so a bare process.exit could cut JSON short).
 */
export async function main(argv: ReadonlyArray<string> = process.argv.slice(2)): Promise<void> {
  const ctx = createProcessContext()
  const code = await runCli(argv, ctx)
  process.exitCode = code
  // Through the context's guarded streams: flushing a stream whose reader is gone must not throw.
  await Promise.all([flush(ctx.stdout), flush(ctx.stderr)])
  // Exit even if something (a stray timer, a worker handle) would keep the loop alive.
  process.exit(code)
}

function flush(stream: OutputStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()))
}
