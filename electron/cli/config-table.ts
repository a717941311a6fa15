import type { ConfigSummary } from '../../shared/api/types.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { flattenForDisplay } from '../../shared/flatten-params.ts'
import { colorStatus, formatMetric, formatParamCell } from './format.ts'
import { renderTable } from './table.ts'

/** Best first: completed configs with a mean ordered by goal (ties by config), then the others by config. */
export function sortConfigsByMean(configs: ReadonlyArray<ConfigSummary>, goal: MetricGoal): ConfigSummary[] {
  const ranked = configs.filter((c) => c.status === 'completed' && c.mean !== null)
  const rest = configs.filter((c) => !(c.status === 'completed' && c.mean !== null))
  const sign = goal === 'minimize' ? 1 : -1
  ranked.sort((a, b) => sign * (a.mean! - b.mean!) || a.configIndex - b.configIndex)
  return [...ranked, ...rest.sort((a, b) => a.configIndex - b.configIndex)]
}

/** `0.25 ± 0.012`; a config with one value shows no spread, one without a value `-`. */
export function formatMeanStd(mean: number | null, std: number | null): string {
  if (mean === null) return '-'
  return std === null ? formatMetric(mean) : `${formatMetric(mean)} ± ${formatMetric(std)}`
}

/** config, status, one column per flattened param, `<metric> mean ± std`, n (of repeats), trial ids. */
export function renderConfigTable(configs: ReadonlyArray<ConfigSummary>, opts: { metricName: string | null; useColor: boolean }): string {
  const flat = configs.map((c) => new Map(flattenForDisplay(c.params)))
  const names = [...new Set(flat.flatMap((m) => [...m.keys()]))]
  const head = ['config', 'status', ...names, `${opts.metricName ?? 'metric'} mean ± std`, 'n', 'trials']
  const rows = configs.map((c, i) => [
    String(c.configIndex),
    colorStatus(c.status, opts.useColor),
    ...names.map((n) => (flat[i]!.has(n) ? formatParamCell(flat[i]!.get(n)) : '')),
    formatMeanStd(c.mean, c.std),
    `${c.n}/${c.repeats}`,
    c.trialIds.join(','),
  ])
  return renderTable(head, rows, opts.useColor)
}
