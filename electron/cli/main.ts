import { createProcessContext } from './context.ts'
import { runCli } from './program.ts'

/**
 * The `sweeplab` process: runs the CLI on the real terminal, then exits once stdout and stderr
 * are flushed (pipes are asynchronous on macOS, so a bare process.exit could cut JSON short).
 */
export async function main(argv: ReadonlyArray<string> = process.argv.slice(2)): Promise<void> {
  const code = await runCli(argv, createProcessContext())
  process.exitCode = code
  await Promise.all([flush(process.stdout), flush(process.stderr)])
  // Exit even if something (a stray timer, a worker handle) would keep the loop alive.
  process.exit(code)
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()))
}
