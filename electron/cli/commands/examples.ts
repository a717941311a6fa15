import type { Command } from 'commander'
import type { ExampleSpec } from '../../../shared/api/types.ts'
import { DEFAULT_EXAMPLES_DIR, listExampleSpecs } from '../../engine/examples.ts'
import { shellQuote } from '../../engine/export/shell-quote.ts'
import type { CliContext } from '../context.ts'
import { shouldUseColor, truncate } from '../format.ts'
import { renderTable } from '../table.ts'

/** `sweeplab examples`: the example sweep files shipped with Sweeplab. */
export function registerExamplesCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('examples')
    .description('list the example sweep files shipped with Sweeplab, to run or copy')
    .option('--json', 'print the examples (name, title, fileName, text) as a JSON array')
    .action((opts: { json?: boolean }) => {
      setExit(printExamples(ctx, opts))
    })
}

/**
 * Lists the examples without opening a workspace (they belong to the installation, not to one);
 * the same function answers the engine's listExamples, so both give the same list.
 */
export function printExamples(ctx: CliContext, opts: { json?: boolean }, dir = DEFAULT_EXAMPLES_DIR): number {
  const examples = listExampleSpecs(dir)
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(examples, null, 2)}\n`)
    return 0
  }
  if (examples.length === 0) {
    ctx.stdout.write(`no example sweep files in ${dir}\n`)
    return 0
  }
  const useColor = shouldUseColor(ctx.isTTY, ctx.env)
  const rows = examples.map((e: ExampleSpec) => [e.name, truncate(e.title, 80), e.fileName])
  const first = examples[0] as ExampleSpec
  ctx.stdout.write(`${renderTable(['name', 'title', 'path'], rows, useColor)}\n\nrun one: sweeplab run ${shellQuote(first.fileName)}\n`)
  return 0
}
