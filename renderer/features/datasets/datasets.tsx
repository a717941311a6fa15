import { useRef, useState } from 'react'
import type { DatasetInfo } from '../../../shared/dataset-spec.ts'
import { useDataset, useDatasets } from '../../data/dataset-queries.ts'
import { navigate, routeHref } from '../../route.ts'
import { EmptyState } from '../../ui/empty-state.tsx'
import { formatBytes } from '../trial-detail/format-bytes.ts'
import { AddDatasetForm } from './add-dataset-form.tsx'
import { DatasetReport } from './dataset-report.tsx'
import { DatasetVersions } from './dataset-versions.tsx'
import './datasets.css'

export const ADD_COMMAND = 'npx sweeplab data add reviews.csv --name reviews'

/** Built-in and imported datasets, the report of the selected one, and a form to import more. */
export function Datasets({ dataset }: { dataset?: string }) {
  const list = useDatasets()
  const [adding, setAdding] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)

  if (list.isPending) return <p className="muted" aria-busy="true">Loading datasets…</p>
  if (list.isError) {
    return (
      <div className="error-box" role="alert">
        <strong>Could not load datasets.</strong> {list.error.message} <button type="button" onClick={() => void list.refetch()}>Retry</button>
      </div>
    )
  }
  const items = list.data
  const own = items.filter((d) => !d.builtin)
  const form = (
    <AddDatasetForm
      onAdded={(d) => {
        setAdding(false)
        setNotice(d.unchanged
          ? `${d.name}: the content equals v${d.version}, so no version was added.`
          : d.version !== null && d.version > 1 ? `Added ${d.name} v${d.version}: the content changed since v${d.version - 1}.` : null)
        navigate({ name: 'datasets', dataset: d.name })
      }}
      onCancel={items.length > 0 ? () => {
        setAdding(false)
        // The form took focus from this button; give it back rather than dropping it on <body>.
        requestAnimationFrame(() => addButton.current?.focus())
      } : undefined}
      autoFocus={adding}
    />
  )
  if (items.length === 0) {
    return (
      <div className="datasets">
        <EmptyState title="No datasets">
          <p>Import a CSV, JSONL or text file with the form below, or from a terminal:</p>
          <p><code>{ADD_COMMAND}</code></p>
        </EmptyState>
        {form}
      </div>
    )
  }
  return (
    <div className="datasets">
      <div className="datasets-head">
        <h2>Datasets</h2>
        {!adding && <button ref={addButton} type="button" className="primary" onClick={() => setAdding(true)}>Add dataset…</button>}
      </div>
      {adding && form}
      {notice !== null && <p className="dataset-notice" role="status">{notice}</p>}
      <div className="datasets-layout">
        <nav aria-label="Datasets" className="dataset-list">
          <table className="dataset-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">Rows</th>
                <th scope="col" className="num">Size</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => <DatasetRow key={d.name} d={d} selected={d.name === dataset} />)}
            </tbody>
          </table>
          {own.length === 0 && !adding && (
            <p className="muted dataset-list-hint">
              Only the built-ins so far. Import your own with <strong>Add dataset…</strong> above, or from a terminal: <code>{ADD_COMMAND}</code>.
            </p>
          )}
        </nav>
        <div className="dataset-detail">
          {dataset ? (
            <SelectedDataset key={dataset} name={dataset} info={items.find((d) => d.name === dataset)} />
          ) : (
            <p className="muted dataset-pick">Pick a dataset to see its report: rows, duplicates, PII found, class balance and columns.</p>
          )}
        </div>
      </div>
    </div>
  )
}

function DatasetRow({ d, selected }: { d: DatasetInfo; selected: boolean }) {
  return (
    <tr className={selected ? 'selected' : undefined}>
      <td>
        <a href={routeHref({ name: 'datasets', dataset: d.name })} aria-current={selected ? 'page' : undefined}>{d.name}</a>
      </td>
      <td>
        {d.builtin ? 'built-in' : `v${d.version}`} <span className="muted">· {d.format}</span>
      </td>
      <td className="num">{d.rows.toLocaleString('en-US')}</td>
      <td className="num">{formatBytes(d.bytes)}</td>
    </tr>
  )
}

/** The report of one dataset at the chosen version (the latest unless another is picked). */
function SelectedDataset({ name, info }: { name: string; info: DatasetInfo | undefined }) {
  const latest = info?.version ?? null
  const [version, setVersion] = useState<number | undefined>(undefined)
  const detail = useDataset(name, version)
  return (
    <article aria-labelledby="dataset-title">
      <div className="dataset-title">
        <h3 id="dataset-title">{name}</h3>
        {latest !== null && latest > 1 ? (
          <label>
            Version{' '}
            <select value={version ?? latest} onChange={(e) => setVersion(Number(e.target.value) === latest ? undefined : Number(e.target.value))}>
              {Array.from({ length: latest }, (_, i) => latest - i).map((v) => (
                <option key={v} value={v}>v{v}{v === latest ? ' (latest)' : ''}</option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted">{info?.builtin ? 'built-in' : latest !== null ? `v${latest}` : ''}</span>
        )}
        {detail.data?.createdAt != null && <span className="muted">imported {new Date(detail.data.createdAt).toLocaleString()}</span>}
      </div>
      {latest !== null && latest > 1 && <DatasetVersions name={name} shown={version ?? latest} onPick={(v) => setVersion(v === latest ? undefined : v)} />}
      {(info?.description ?? detail.data?.description) && <p className="dataset-description">{info?.description ?? detail.data?.description}</p>}
      {detail.isPending ? (
        <p className="muted" aria-busy="true">Analyzing {name}…</p>
      ) : detail.isError ? (
        <div className="error-box" role="alert">
          <strong>Could not load {name}.</strong> {detail.error.message} <button type="button" onClick={() => void detail.refetch()}>Retry</button>
        </div>
      ) : (
        <DatasetReport dataset={detail.data} />
      )}
    </article>
  )
}
