import type { Command } from 'commander'
import type { CompareRef, CompareResult } from '../../../shared/api/compare-types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { bold, formatMetric, formatParamCell, shouldUseColor, truncate } from '../format.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { renderTable } from '../table.ts'

/** `sweeplab compare SWEEP SWEEP...`: the sweeps side by side, aligned on their parameters. */
export function registerCompareCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description("compare sweeps side by side: each one's best, and their parameters aligned (shared ones first)")
    .argument('<sweeps...>', 'two to eight sweeps: an id, a name, or FILE.db:ID for a sweep of another workspace (opened read-only)')
    .option('--json', 'print the aligned comparison (the compareSweeps API result) as JSON')
    .action(async (refs: string[], opts: { json?: boolean }, cmd: Command) => {
      setExit(await compareSweeps(ctx, refs, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

/** `FILE.db:12` → a sweep of another workspace; anything else is an id or a name of this one. */
export function parseCompareRef(ref: string): { workspace: string; sweepId: number } | null {
  const m = /^(.+):([1-9]\d*)$/.exec(ref)
  return m ? { workspace: m[1]!, sweepId: Number(m[2]) } : null
}

export async function compareSweeps(ctx: CliContext, refs: string[], opts: { json?: boolean }, globals: GlobalOptions): Promise<number> {
  if (refs.length < 2 || refs.length > 8) throw new SweeplabError('usage', `compare takes 2 to 8 sweeps, got ${refs.length}`)
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweeps: CompareRef[] = []
    for (const ref of refs) {
      const other = parseCompareRef(ref)
      sweeps.push(other ?? { sweepId: await resolveSweepId(engine, ref) })
    }
    const result = await engine.compareSweeps({ sweeps })
    ctx.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderComparison(result, shouldUseColor(ctx.isTTY, ctx.env))}\n`)
    return 0
  })
}

/** Letters label the sweeps in the parameter table's columns. */
const letter = (i: number): string => String.fromCharCode(65 + i)

/** The text of `sweeplab compare`: one table of the sweeps, one of the parameters. */
export function renderComparison(r: CompareResult, useColor = false): string {
  const metric = r.metric ? `${r.metric.name} (${r.metric.goal})` : 'different metrics: best values are not comparable'
  const sweepRows = r.sweeps.map((s, i) => [
    letter(i),
    `${s.sweepId}`,
    truncate(s.name, 28),
    s.workspace ?? '(this workspace)',
    s.method,
    s.status,
    `${s.scored}/${s.trialCount}`,
    s.bestValue === null ? '-' : `${s.metricName ?? 'metric'}=${formatMetric(s.bestValue)} (trial ${s.bestTrialId})`,
  ])
  const head = ['parameter', 'in', ...r.sweeps.flatMap((_, i) => [`${letter(i)} best`, `${letter(i)} tried`])]
  const rows = r.params.map((p) => [
    p.name,
    p.shared ? 'all' : p.sides.map((x, i) => (x ? letter(i) : '')).join(''),
    ...p.sides.flatMap((x) => (x ? [x.best === null ? '-' : formatParamCell(x.best, 16), tried(x)] : ['(absent)', ''])),
  ])
  const shared = r.params.filter((p) => p.shared).length
  return [
    bold(`comparing ${r.sweeps.length} sweeps on ${metric}`, useColor),
    '',
    renderTable(['', 'id', 'name', 'workspace', 'method', 'status', 'scored', 'best'], sweepRows, useColor),
    '',
    `${shared} shared parameter${shared === 1 ? '' : 's'}, ${r.params.length - shared} in some sweeps only`,
    renderTable(head, rows, useColor),
  ].join('\n')
}

function tried(x: NonNullable<CompareResult['params'][number]['sides'][number]>): string {
  if (x.min !== null && x.max !== null) return x.min === x.max ? formatMetric(x.min) : `${formatMetric(x.min)} … ${formatMetric(x.max)}`
  const cats = x.categories ?? []
  const text = cats.join(', ')
  return truncate(x.distinct > cats.length ? `${text}, … (${x.distinct})` : text, 28)
}
