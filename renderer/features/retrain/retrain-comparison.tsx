import { flattenForDisplay, formatParamText } from '../../../shared/flatten-params.ts'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { useRetrainComparison, useSweepProvenance } from '../../data/retrain-queries.ts'
import { routeHref } from '../../route.ts'
import { formatMetric } from '../../ui/format.ts'

/** For a retrain sweep: each config's value on the old data beside the mean ± std of its new runs. */
export function RetrainComparisonPanel({ sweep }: { sweep: SweepDetail }) {
  const provenance = useSweepProvenance(sweep.id)
  const isRetrain = provenance.data?.retrain != null
  const comparison = useRetrainComparison(sweep.id, isRetrain, `${sweep.done}:${sweep.status}`)
  if (!isRetrain) return null
  const c = comparison.data
  return (
    <section className="panel panel-wide retrain-comparison" aria-labelledby="sd-retrain">
      <h3 id="sd-retrain">Retrain: old vs new {c?.metric.name ?? sweep.metricName}</h3>
      {comparison.isError ? (
        <div className="error-box" role="alert">Could not load the comparison: {comparison.error.message}</div>
      ) : c === undefined ? (
        <p className="muted" aria-busy="true">Loading the comparison…</p>
      ) : (
        <>
          <p className="muted">
            The best {c.rows.length} config{c.rows.length === 1 ? '' : 's'} of{' '}
            {c.parentExists ? <a href={routeHref({ name: 'sweep', sweepId: c.parentSweepId })}>sweep {c.parentSweepId} ({c.parentName})</a> : <>sweep {c.parentSweepId} ({c.parentName}, deleted)</>}
            {' '}on <code>{c.oldDataset ?? 'its dataset'}</code>, rerun on <code>{c.newDataset}</code> ({c.metric.goal === 'minimize' ? 'lower' : 'higher'} is better).
          </p>
          <table className="retrain-table">
            <thead>
              <tr>
                <th scope="col" className="num">Rank</th>
                <th scope="col">Config</th>
                <th scope="col" className="num">Old</th>
                <th scope="col" className="num">New (mean ± std)</th>
                <th scope="col" className="num">Runs</th>
                <th scope="col" className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((r) => (
                <tr key={r.rank}>
                  <td className="num">{r.rank}</td>
                  <td className="retrain-params">{flattenForDisplay(r.params).map(([k, v]) => `${k}=${formatParamText(v)}`).join(' ')}</td>
                  <td className="num">{r.oldValue === null ? '–' : formatMetric(r.oldValue)}</td>
                  <td className="num">{r.newMean === null ? '–' : `${formatMetric(r.newMean)}${r.newStd !== null ? ` ± ${formatMetric(r.newStd)}` : ''}`}</td>
                  <td className="num">{r.newValues.filter((v) => v !== null).length}/{r.newValues.length}</td>
                  <td className={`num ${r.improved === null ? '' : r.improved ? 'retrain-better' : 'retrain-worse'}`}>
                    {r.delta === null ? '–' : `${r.delta > 0 ? '+' : ''}${formatMetric(r.delta)}${r.improved === null ? '' : r.improved ? ' better' : ' worse'}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
