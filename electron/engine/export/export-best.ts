import { Document } from 'yaml'
import type { ExportBestFormat } from '../../../shared/api/types.ts'
import type { MetricGoal, TrialStatus } from '../../../shared/status.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { assertNever } from '../../../shared/errors.ts'
import { flattenParams, formatArgValue } from '../config/command-macros.ts'
import { shellQuote } from './shell-quote.ts'

/**
 * Where a config came from; printed as a comment header in YAML (JSON and args have no comments).
 * `parameters` is the sweep's (normalized) parameters spec, which `args` needs to dot exactly as `${args}` did.
 * `chosen`: the user picked trial `trialId` (with its `trialStatus`) rather than asking for the best one.
 */
export interface BestConfigMeta {
  sweepName?: string
  sweepId?: number
  trialId?: number
  trialStatus?: TrialStatus
  chosen?: boolean
  metricName?: string | null
  metricValue?: number | null
  goal?: MetricGoal
  parameters?: Readonly<Record<string, SweepParameter>>
  /** `repeats`: metricValue is the mean of the config (`configIndex`) over `n` of its `repeats` repeats, with this std. */
  spread?: { std: number | null; n: number; repeats: number; configIndex: number; trialIds: ReadonlyArray<number> }
}

/**
 * Renders a trial's params for reuse: `yaml` (a mapping, nested dicts kept, with a comment
 * header), `json` (pretty, nested) or `args` (one bash-safe line of `--name=value`, dotted names,
 * W&B's spelling: `True`/`False`/`None`).
 * Always ends with a newline.
 */
export function formatBestConfig(
  params: Readonly<Record<string, unknown>>,
  format: ExportBestFormat,
  meta: BestConfigMeta = {},
): string {
  switch (format) {
    case 'yaml':
      return formatYaml(params, meta)
    case 'json':
      return `${JSON.stringify(params, null, 2)}\n`
    case 'args':
      return `${formatArgs(params, meta.parameters).map(quoteArg).join(' ')}\n`
    default:
      return assertNever(format, 'export format')
  }
}

/**
 * Params as an argv tail, unquoted (`['--lr=0.1', '--opt.beta=0.9', '--amp=True']`): flattened and
 * spelled as a command trial's `${args}`, so with the sweep's `parameters` the list is exactly what the
 * trial got (a dict-valued parameter stays one JSON value). Without them every non-empty dict is dotted.
 */
export function formatArgs(params: Readonly<Record<string, unknown>>, parameters?: Readonly<Record<string, SweepParameter>>): string[] {
  return Object.entries(flattenParams(params, parameters)).map(([name, value]) => `--${name}=${formatArgValue(value)}`)
}

function quoteArg(arg: string): string {
  const eq = arg.indexOf('=')
  const head = arg.slice(0, eq + 1)
  // Quoting only the value keeps the common case readable: --name='a b' is one bash word.
  return /^--[A-Za-z0-9_\-.]+=$/.test(head) ? head + shellQuote(arg.slice(eq + 1)) : shellQuote(arg)
}

function formatYaml(params: Readonly<Record<string, unknown>>, meta: BestConfigMeta): string {
  // lineWidth 0: never fold long strings, so what is pasted back is exactly what ran.
  const doc = new Document(params)
  const header = headerLines(meta)
  if (header.length > 0) doc.commentBefore = header.map((l) => ` ${l}`).join('\n')
  return doc.toString({ lineWidth: 0 })
}

function headerLines(meta: BestConfigMeta): string[] {
  const lines: string[] = []
  const sweep = sweepLabel(meta)
  const metric = metricPart(meta)
  if (meta.chosen && meta.trialId !== undefined) {
    lines.push(oneLine(`Config of trial ${meta.trialId}${sweep ? ` of sweep ${sweep}` : ''}`))
    const parts = [meta.trialStatus, metric].filter((p): p is string => Boolean(p))
    if (parts.length > 0) lines.push(parts.join(': '))
    return lines
  }
  if (sweep) lines.push(oneLine(`Best config of sweep ${sweep}`))
  const parts: string[] = []
  if (meta.spread) parts.push(`config ${meta.spread.configIndex} (trials ${meta.spread.trialIds.join(', ')})`)
  else if (meta.trialId !== undefined) parts.push(`trial ${meta.trialId}`)
  if (metric) parts.push(metric)
  if (parts.length > 0) lines.push(parts.join(': '))
  return lines
}

function sweepLabel(meta: BestConfigMeta): string {
  const name = meta.sweepName !== undefined ? JSON.stringify(meta.sweepName) : ''
  const id = meta.sweepId !== undefined ? `(id ${meta.sweepId})` : ''
  return [name, id].filter(Boolean).join(' ')
}

function metricPart(meta: BestConfigMeta): string | undefined {
  if (!meta.metricName) return undefined
  const value = meta.metricValue === null || meta.metricValue === undefined ? 'n/a' : String(meta.metricValue)
  const of = meta.spread ? `${meta.spread.n}/${meta.spread.repeats} repeats` : ''
  const spread = !meta.spread ? '' : meta.spread.std === null ? ` (mean of ${of})` : ` ± ${meta.spread.std} (mean ± std of ${of})`
  return `${oneLine(meta.metricName)}=${value}${spread}${meta.goal ? ` (${meta.goal})` : ''}`
}

/** A comment line must stay one line: a newline in a name would end the comment and inject YAML. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ')
}
