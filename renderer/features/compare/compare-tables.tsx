import type { CompareResult } from '../../../shared/api/compare-types.ts'
import { sweepLetter } from '../../plots/compare-data.ts'
import { seriesColor } from '../../plots/palette.ts'
import { formatParamValue } from '../../plots/trial-params.ts'
import { routeHref } from '../../route.ts'
import { formatMetric } from '../../ui/format.ts'

type Side = CompareResult['params'][number]['sides'][number]

/** One row per sweep: where it lives, how far it got, its best value and trial. */
export function CompareSweepsTable({ result }: { result: CompareResult }) {
  return (
    <table className="compare-table">
      <thead>
        <tr>
          <th scope="col">Sweep</th><th scope="col">Method</th><th scope="col">Status</th>
          <th scope="col" className="num">Scored / trials</th><th scope="col" className="num">Best</th><th scope="col">Best trial</th>
        </tr>
      </thead>
      <tbody>
        {result.sweeps.map((s, i) => (
          <tr key={`${s.workspace ?? ''}:${s.sweepId}`}>
            <th scope="row">
              <span className="compare-swatch" style={{ background: seriesColor(i) }} aria-hidden="true" />
              {sweepLetter(i)}{' '}
              {s.workspace === null ? <a href={routeHref({ name: 'sweep', sweepId: s.sweepId })}>{s.name}</a> : <span>{s.name}</span>}
              {s.workspace !== null && <div className="muted compare-workspace" title={s.workspace}>{s.workspace}</div>}
            </th>
            <td>{s.method}</td>
            <td>{s.status}</td>
            <td className="num">{s.scored} / {s.trialCount}</td>
            <td className="num">{s.bestValue === null ? <span className="muted">—</span> : <>{formatMetric(s.bestValue)} <span className="muted">{s.metricName} {s.metricGoal === 'minimize' ? '↓' : '↑'}</span></>}</td>
            <td>{s.bestTrialId === null ? <span className="muted">—</span> : s.workspace === null ? <a href={routeHref({ name: 'trial', trialId: s.bestTrialId })}>trial {s.bestTrialId}</a> : `trial ${s.bestTrialId}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Parameters aligned: shared ones first; per sweep its best trial's value and what it tried, or "(absent)". */
export function CompareParamsTable({ result }: { result: CompareResult }) {
  if (result.params.length === 0) return <p className="compare-empty">No parameters yet.</p>
  return (
    <table className="compare-table compare-params">
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">In</th>
          {result.sweeps.map((s, i) => (
            <th scope="col" key={`${s.workspace ?? ''}:${s.sweepId}`}><span className="compare-swatch" style={{ background: seriesColor(i) }} aria-hidden="true" />{sweepLetter(i)}: best (tried)</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {result.params.map((p) => (
          <tr key={p.name} data-shared={p.shared}>
            <th scope="row">{p.name}</th>
            <td>{p.shared ? 'all' : p.sides.map((x, i) => (x ? sweepLetter(i) : '')).join('')}</td>
            {p.sides.map((x, i) => <td key={i}><SideCell side={x} /></td>)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function SideCell({ side }: { side: Side }) {
  if (!side) return <span className="compare-absent">(absent)</span>
  const best = side.best === null ? '—' : formatParamValue(side.best)
  let tried: string
  if (side.min !== null && side.max !== null) tried = side.min === side.max ? formatParamValue(side.min) : `${formatParamValue(side.min)} … ${formatParamValue(side.max)}`
  else tried = `${(side.categories ?? []).join(', ')}${side.distinct > (side.categories?.length ?? 0) ? ', …' : ''}`
  return <><strong>{best}</strong> <span className="muted">({tried})</span></>
}
