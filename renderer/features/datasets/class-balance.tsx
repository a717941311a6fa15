import type { DatasetImportReport } from '../../../shared/dataset-spec.ts'

/** Classes shown as bars; the rest are summed into one line so a 500-class label stays readable. */
const MAX_BARS = 30
const pct = (x: number) => `${(x * 100).toFixed(1)}%`

/** Horizontal bars, the largest class full width, each with its count and share; then the skew verdict. */
export function ClassBalance({ balance, labelColumn }: { balance: NonNullable<DatasetImportReport['balance']>; labelColumn: string | null }) {
  const max = Math.max(...balance.classes.map((c) => c.share), 0) || 1
  const shown = balance.classes.slice(0, MAX_BARS)
  const rest = balance.classes.slice(MAX_BARS)
  return (
    <div className="balance">
      <ul className="balance-bars" aria-label={`Class balance of ${labelColumn ?? 'the label'}`}>
        {shown.map((c) => (
          <li key={c.label} className="balance-row">
            <span className="balance-label" title={c.label}>{c.label}</span>
            <span className="balance-track" aria-hidden="true">
              <span className="balance-fill" style={{ width: `${((c.share / max) * 100).toFixed(1)}%` }} />
            </span>
            <span className="balance-count">{c.count.toLocaleString()} <span className="muted">({pct(c.share)})</span></span>
          </li>
        ))}
      </ul>
      {rest.length > 0 && (
        <p className="muted">… {rest.length} more classes with {rest.reduce((n, c) => n + c.count, 0).toLocaleString()} rows in all.</p>
      )}
      <p className={balance.skewed ? 'balance-verdict skewed' : 'balance-verdict muted'}>
        {balance.skewed
          ? <>Skewed: the largest class has {balance.ratio.toFixed(1)}× the rows of the smallest (over {balance.threshold}×). Always guessing <strong>{balance.classes[0]?.label}</strong> scores {pct(balance.majorityShare)} accuracy, so watch macro F1.</>
          : <>Largest / smallest = {balance.ratio.toFixed(1)}× (at most {balance.threshold}×: not skewed); majority baseline {pct(balance.majorityShare)}.</>}
      </p>
      {balance.missing > 0 && <p className="muted">{balance.missing.toLocaleString()} rows have no label.</p>}
    </div>
  )
}
