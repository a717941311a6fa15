import type { Command } from 'commander'
import type { SweepSummary } from '../../../shared/api/types.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { colorStatus, formatDuration, formatMetricPair, formatRelativeTime, shouldUseColor, truncate } from '../format.ts'
import { renderTable } from '../table.ts'
import { describeEta, estimateSweepEta } from '../../../shared/eta.ts'
import { describeWorkspaceSize } from '../../../shared/byte-size.ts'

/** `sweeplab ls`: every sweep in the workspace, newest first. */
export function registerLsCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('ls')
    .description('list the sweeps in the workspace')
    .option('--json', 'print the sweep summaries as a JSON array')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      setExit(await listSweeps(ctx, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function listSweeps(ctx: CliContext, opts: { json?: boolean }, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweeps = [...(await engine.listSweeps({}))].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    if (opts.json) {
      ctx.stdout.write(`${JSON.stringify(sweeps, null, 2)}\n`)
      return 0
    }
    if (sweeps.length === 0) {
      ctx.stdout.write(`no sweeps yet in ${engine.dbPath}\nstart one: sweeplab run sweep.yaml\n`)
      return 0
    }
    const useColor = shouldUseColor(ctx.isTTY, ctx.env)
    const now = (ctx.now ?? Date.now)()
    const head = ['id', 'name', 'method', 'status', 'done', 'best', 'created', 'duration', 'eta']
    ctx.stdout.write(`${renderTable(head, sweeps.map((s) => sweepRow(s, now, useColor)), useColor)}\n`)
    ctx.stdout.write(`workspace: ${describeWorkspaceSize(await engine.getWorkspaceSize({}))}\n`)
    return 0
  })
}

function sweepRow(s: SweepSummary, now: number, useColor: boolean): string[] {
  const end = s.endedAt ?? (s.status === 'running' ? now : null)
  return [
    String(s.id),
    truncate(s.name, 32),
    s.method,
    colorStatus(s.status, useColor),
    `${s.done}/${s.total ?? '∞'}`,
    s.bestValue === null ? '-' : formatMetricPair(s.metricName, s.bestValue),
    formatRelativeTime(s.createdAt, now),
    formatDuration(s.startedAt !== null && end !== null ? end - s.startedAt : null),
    s.waiting ? 'paused (low disk)' : describeEta(estimateSweepEta({ ...s, now }), { short: true }),
  ]
}
