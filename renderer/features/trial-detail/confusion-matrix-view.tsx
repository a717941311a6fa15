import type { CSSProperties } from 'react'
import { summarizeConfusion, type ConfusionMatrixFile } from './confusion-matrix.ts'

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const fixed = (x: number) => x.toFixed(3)

/**
 * The matrix (rows: true class, columns: predicted), each cell shaded by its share of the row, the
 * diagonal in the accent colour and errors in the danger colour; then precision, recall, F1 and
 * support per class with macro and weighted means.
 */
export function ConfusionMatrixView({ cm }: { cm: ConfusionMatrixFile }) {
  const summary = summarizeConfusion(cm)
  return (
    <div className="confusion">
      <p className="muted confusion-caption">
        {cm.split === 'test' ? 'Test' : 'Validation'} split, {summary.total.toLocaleString()} rows · accuracy <strong>{pct(summary.accuracy)}</strong>
      </p>
      <div className="confusion-scroll">
        <table className="confusion-matrix">
          <caption className="visually-hidden">Confusion matrix: rows are true classes, columns predicted classes</caption>
          <thead>
            <tr>
              <th scope="col" className="confusion-corner">true ↓ predicted →</th>
              {cm.labels.map((l) => <th key={l} scope="col">{l}</th>)}
            </tr>
          </thead>
          <tbody>
            {cm.matrix.map((row, r) => {
              const rowTotal = summary.classes[r]!.support
              return (
                <tr key={cm.labels[r]}>
                  <th scope="row">{cm.labels[r]}</th>
                  {row.map((n, c) => {
                    const share = rowTotal ? n / rowTotal : 0
                    const style = { '--share': `${Math.round(share * 100)}%` } as CSSProperties
                    return (
                      <td key={c} className={r === c ? 'cm-cell cm-hit' : n > 0 ? 'cm-cell cm-miss' : 'cm-cell'} style={style} title={`true ${cm.labels[r]}, predicted ${cm.labels[c]}: ${n} (${pct(share)} of the row)`}>
                        {n.toLocaleString()}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <table className="class-metrics">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">Precision</th>
            <th scope="col" className="num">Recall</th>
            <th scope="col" className="num">F1</th>
            <th scope="col" className="num">Support</th>
          </tr>
        </thead>
        <tbody>
          {summary.classes.map((c) => (
            <tr key={c.label}>
              <th scope="row">{c.label}</th>
              <td className="num">{fixed(c.precision)}</td>
              <td className="num">{fixed(c.recall)}</td>
              <td className="num">{fixed(c.f1)}</td>
              <td className="num">{c.support.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">macro avg</th>
            <td className="num">{fixed(summary.macro.precision)}</td>
            <td className="num">{fixed(summary.macro.recall)}</td>
            <td className="num">{fixed(summary.macro.f1)}</td>
            <td className="num">{summary.total.toLocaleString()}</td>
          </tr>
          <tr>
            <th scope="row">weighted avg</th>
            <td className="num">{fixed(summary.weighted.precision)}</td>
            <td className="num">{fixed(summary.weighted.recall)}</td>
            <td className="num">{fixed(summary.weighted.f1)}</td>
            <td className="num">{summary.total.toLocaleString()}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
