import type { DatasetDetail } from '../../../shared/dataset-spec.ts'
import { CopyButton } from '../export/copy-button.tsx'
import { formatBytes } from '../trial-detail/format-bytes.ts'
import { ClassBalance } from './class-balance.tsx'
import { excerptPair } from './excerpt-pair.ts'

const int = (n: number) => n.toLocaleString('en-US')
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '0%')

/** The data report of one dataset: what import and cleaning find in it (the same as `sweeplab data show`). */
export function DatasetReport({ dataset }: { dataset: DatasetDetail }) {
  const r = dataset.report
  const near = r.nearDuplicates?.count ?? 0
  const unique = Math.max(0, r.rows - r.duplicates - near)
  const usage = `dataset: ${dataset.name}`
  return (
    <div className="dataset-report">
      <dl className="report-numbers">
        <div><dt>Rows read</dt><dd>{int(r.rows)}</dd></div>
        <div>
          <dt>Exact duplicates</dt>
          <dd>{int(r.duplicates)} <span className="muted">({pct(r.duplicates, r.rows)})</span></dd>
        </div>
        {r.nearDuplicates && (
          <div>
            <dt>Near-duplicates</dt>
            <dd>{int(near)} <span className="muted">more (Jaccard ≥ {r.nearDuplicates.threshold})</span></dd>
          </div>
        )}
        <div>
          <dt>Rows after dedup</dt>
          <dd>{int(unique)} <span className="muted">({pct(unique, r.rows)})</span></dd>
        </div>
        {r.labelColumn && (
          <div>
            <dt>Conflicting labels</dt>
            <dd title="Duplicates whose label differs from the first copy's">{int(r.conflictingLabels)}</dd>
          </div>
        )}
        {r.pii && (
          <div>
            <dt>Rows with PII</dt>
            <dd>{int(r.pii.rows)} <span className="muted">({pct(r.pii.rows, r.rows)})</span></dd>
          </div>
        )}
      </dl>

      <p className="report-usage">
        Use it in a sweep file: <code>{usage}</code> <CopyButton text={usage} label="Copy" ariaLabel={`Copy "${usage}"`} />
      </p>

      <section aria-labelledby="report-pii">
        <h4 id="report-pii">PII found</h4>
        {!r.pii ? (
          <p className="muted">Not scanned: the dataset has no text column.</p>
        ) : Object.values(r.pii.found).every((n) => !n) ? (
          <p className="muted">None found (e-mail addresses, URLs, IPs, card numbers, phone numbers).</p>
        ) : (
          <>
            <ul className="pii-list">
              {Object.entries(r.pii.found).filter(([, n]) => n > 0).map(([kind, n]) => (
                <li key={kind}><span className="pii-kind">{kind}</span> {int(n)}</li>
              ))}
            </ul>
            <p className="muted">In {int(r.pii.rows)} rows. <code>clean: {'{pii: true}'}</code> in the sweep file replaces them with placeholders such as <code>{'<EMAIL>'}</code>.</p>
          </>
        )}
      </section>

      <section aria-labelledby="report-balance">
        <h4 id="report-balance">Class balance{r.labelColumn ? <span className="muted"> · {r.labelColumn}</span> : null}</h4>
        {r.balance ? <ClassBalance balance={r.balance} labelColumn={r.labelColumn} /> : <p className="muted">No label column{dataset.builtin ? '' : ': add the dataset again with a label column to see the balance'}.</p>}
      </section>

      {r.textLength && (
        <section aria-labelledby="report-length">
          <h4 id="report-length">Text length{r.textColumn ? <span className="muted"> · {r.textColumn}</span> : null}</h4>
          <dl className="report-numbers compact">
            <div><dt>Min</dt><dd>{int(r.textLength.min)}</dd></div>
            <div><dt>Median</dt><dd>{int(r.textLength.median)}</dd></div>
            <div><dt>Mean</dt><dd>{int(Math.round(r.textLength.mean))}</dd></div>
            <div><dt>Max</dt><dd>{int(r.textLength.max)}</dd></div>
          </dl>
          <p className="muted report-unit">characters per row</p>
        </section>
      )}

      {r.nearDuplicates && r.nearDuplicates.examples.length > 0 && (
        <section aria-labelledby="report-near">
          <h4 id="report-near">Near-duplicate examples</h4>
          <ul className="near-list">
            {r.nearDuplicates.examples.map((e, i) => {
              const [a, b] = excerptPair(e.text, e.twin)
              return (
                <li key={i}>
                  <span className="near-sim" title="Jaccard similarity of their character 5-gram sets">{e.similarity.toFixed(2)}</span>
                  <q title={e.text}>{a}</q> <span className="muted">≈</span> <q title={e.twin}>{b}</q>
                </li>
              )
            })}
          </ul>
        </section>
      )}

      <section aria-labelledby="report-columns">
        <h4 id="report-columns">Columns</h4>
        <table className="columns-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Role</th>
              <th scope="col" className="num">Missing</th>
              <th scope="col" className="num">Distinct</th>
            </tr>
          </thead>
          <tbody>
            {r.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row"><code>{c.name}</code></th>
                <td>{c.type}</td>
                <td>{c.name === r.textColumn ? 'text' : c.name === r.labelColumn ? 'label' : ''}</td>
                <td className="num">{int(c.missing)}{c.missing > 0 && <span className="muted"> ({pct(c.missing, r.rows)})</span>}</td>
                <td className="num">{c.distinct >= 1000 ? '1,000+' : int(c.distinct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="report-file">
        <h4 id="report-file">File</h4>
        <p>
          {dataset.format}, {formatBytes(dataset.bytes)} · <code className="dataset-path">{dataset.path}</code>{' '}
          <CopyButton text={dataset.path} label="Copy path" ariaLabel="Copy the dataset's path" />
        </p>
        {dataset.license && <p className="muted">License: {dataset.license}</p>}
      </section>
    </div>
  )
}
