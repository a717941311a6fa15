import { Command, CommanderError } from 'commander'
import pkg from '../../package.json' with { type: 'json' }
import type { CliContext } from './context.ts'
import { EXIT_OK, EXIT_USAGE, exitCodeForError, formatCliError } from './cli-errors.ts'
import { registerCancelCommand } from './commands/cancel.ts'
import { registerCompareCommand } from './commands/compare.ts'
import { registerDataCommand } from './commands/data.ts'
import { registerDoctorCommand } from './commands/doctor.ts'
import { registerExamplesCommand } from './commands/examples.ts'
import { registerExportCommand } from './commands/export.ts'
import { registerLsCommand } from './commands/ls.ts'
import { registerResumeCommand } from './commands/resume.ts'
import { registerRmCommand } from './commands/rm.ts'
import { registerRunCommand } from './commands/run.ts'
import { registerReportCommand } from './commands/report.ts'
import { registerRetrainCommand } from './commands/retrain.ts'
import { registerServeCommand } from './commands/serve.ts'
import { registerShowCommand } from './commands/show.ts'
import { registerSteerCommands } from './commands/steer.ts'
import { registerWorkerCommand } from './commands/worker.ts'

export const CLI_VERSION: string = pkg.version

/**
 * Parses argv, runs one command against the context and returns the exit code: 0 success,
 * 1 a failed sweep or command, 2 bad usage or input. Never calls process.exit and never throws.
 */
export async function runCli(argv: ReadonlyArray<string>, ctx: CliContext): Promise<number> {
  let code = EXIT_OK
  const setExit = (c: number): void => {
    code = c
  }
  const program = new Command('sweeplab')
    .description('Offline hyperparameter sweeps: grid, random and bayes search over local CPU/GPU workers.')
    .version(CLI_VERSION, '-V, --version')
    .option('--db <path>', 'workspace database (default: $SWEEPLAB_DB, else the per-user data folder)')
    .option('--read-only', 'open the workspace read-only: never migrate or write it (ls, show, export, compare, serve)')
    .option('--verbose', 'print engine diagnostics and error stacks')
    .option('--browser-gpu-workers <count>', 'train built-in trainers on any GPU Chromium can use (WebGPU/WebGL, no CUDA) in <count> headless Chromium pages')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
    })
  registerRunCommand(program, ctx, setExit)
  registerResumeCommand(program, ctx, setExit)
  registerSteerCommands(program, ctx, setExit)
  registerLsCommand(program, ctx, setExit)
  registerShowCommand(program, ctx, setExit)
  registerExportCommand(program, ctx, setExit)
  registerCompareCommand(program, ctx, setExit)
  registerCancelCommand(program, ctx, setExit)
  registerRmCommand(program, ctx, setExit)
  registerExamplesCommand(program, ctx, setExit)
  registerDoctorCommand(program, ctx, setExit)
  registerDataCommand(program, ctx, setExit)
  registerRetrainCommand(program, ctx, setExit)
  registerReportCommand(program, ctx, setExit)
  registerServeCommand(program, ctx, setExit)
  registerWorkerCommand(program, ctx, setExit)

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (e) {
    // commander has already printed its own message (unknown option, missing argument, help).
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true
    ctx.stderr.write(`${formatCliError(e, verbose)}\n`)
    return exitCodeForError(e)
  }
}
