import { flattenForDisplay } from '../../shared/flatten-params.ts'
import type { RetrainComparison } from '../../shared/sweep-provenance.ts'
import { formatMetric, formatParamCell } from './format.ts'
import { renderTable } from './table.ts'

/** Old vs new per config of a retrain: printed when `retrain` ends and by `show --compare-parent`. */
export function renderRetrainComparison(c: RetrainComparison, useColor = false): string {
  const names = [...new Set(c.rows.flatMap((r) => flattenForDisplay(r.params).map(([k]) => k)))]
  const rows = c.rows.map((r) => {
    const params = new Map(flattenForDisplay(r.params))
    const done = r.newValues.filter((v) => v !== null).length
    return [
      String(r.rank),
      String(r.parentTrialId),
      formatMetric(r.oldValue),
      r.newMean === null ? '-' : `${formatMetric(r.newMean)}${r.newStd !== null ? ` ± ${formatMetric(r.newStd)}` : ''}`,
      `${done}/${r.newValues.length}`,
      r.delta === null ? '-' : `${r.delta > 0 ? '+' : ''}${formatMetric(r.delta)}${r.improved === null ? '' : r.improved ? ' better' : ' worse'}`,
      ...names.map((n) => formatParamCell(params.get(n))),
    ]
  })
  const title = `retrain of sweep ${c.parentSweepId} (${c.parentName}${c.parentExists ? '' : ', deleted'}): ${c.oldDataset ?? 'its dataset'} → ${c.newDataset}, ${c.metric.name} (${c.metric.goal})`
  return `${title}\n\n${renderTable(['rank', 'parent trial', `old ${c.metric.name}`, `new ${c.metric.name}`, 'runs', 'change', ...names], rows, useColor)}\n`
}
