import { useId, useState, type FormEvent } from 'react'
import { DATASET_FORMATS, TEXT_UNITS, type AddDatasetArgs, type AddedDataset, type DatasetFormat, type TextUnit } from '../../../shared/dataset-spec.ts'
import { useAddDataset } from '../../data/dataset-queries.ts'
import { useCliCommand } from '../export/use-cli-command.ts'
import { shellQuote } from '../trial-detail/shell-quote.ts'
import { checkAddDatasetInput, suggestDatasetName } from './add-dataset-input.ts'

/**
 * Imports a file or folder on this machine through the engine (the same as `sweeplab data add`),
 * which reads and checks it, copies it into the workspace and reports on it. The engine's error
 * (missing file, bad column, taken name) is shown under the form.
 */
export function AddDatasetForm({ onAdded, onCancel, autoFocus }: { onAdded: (d: AddedDataset) => void; onCancel?: () => void; autoFocus?: boolean }) {
  const add = useAddDataset()
  const cli = useCliCommand()
  const [path, setPath] = useState('')
  const [name, setName] = useState('')
  const [nameTouched, setNameTouched] = useState(false)
  const [format, setFormat] = useState<DatasetFormat | ''>('')
  const [textUnit, setTextUnit] = useState<TextUnit | ''>('')
  const [text, setText] = useState('')
  const [label, setLabel] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const id = useId()
  const effectiveName = nameTouched ? name : suggestDatasetName(path)
  const problems = checkAddDatasetInput(path, effectiveName)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (problems.path || problems.name) return
    const args: AddDatasetArgs = {
      path: path.trim(),
      name: effectiveName,
      ...(format ? { format } : {}),
      ...(textUnit ? { textUnit } : {}),
      ...(text.trim() ? { text: text.trim() } : {}),
      ...(label.trim() ? { label: label.trim() } : {}),
    }
    add.mutate(args, { onSuccess: onAdded })
  }
  const showPath = submitted && problems.path
  const showName = (submitted || nameTouched) && problems.name

  return (
    <form className="add-dataset" onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>Add a dataset</h3>
      <p className="muted add-dataset-hint">A CSV, JSONL or text file, or a folder of .txt files, on this machine. It is checked, analyzed and copied into the workspace; sweeps then use the copy. An existing name whose content changed becomes its next version.</p>
      <div className="form-grid">
        <label htmlFor={`${id}-path`}>Path</label>
        <div>
          <input id={`${id}-path`} autoFocus={autoFocus} value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/data/reviews.csv" spellCheck={false} autoComplete="off"
            aria-invalid={showPath ? true : undefined} aria-describedby={showPath ? `${id}-path-err` : undefined} required />
          {showPath && <p id={`${id}-path-err`} className="field-error">{problems.path}</p>}
        </div>
        <label htmlFor={`${id}-name`}>Name</label>
        <div>
          <input id={`${id}-name`} value={effectiveName} onChange={(e) => { setNameTouched(true); setName(e.target.value) }} placeholder="reviews" spellCheck={false} autoComplete="off"
            aria-invalid={showName ? true : undefined} aria-describedby={showName ? `${id}-name-err` : `${id}-name-hint`} required />
          {showName ? <p id={`${id}-name-err`} className="field-error">{problems.name}</p> : <p id={`${id}-name-hint`} className="muted field-hint">Sweep files refer to it as <code>dataset: {effectiveName || 'NAME'}</code>.</p>}
        </div>
        <label htmlFor={`${id}-format`}>Format</label>
        <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as DatasetFormat | '')}>
          <option value="">From the extension</option>
          {DATASET_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
        <label htmlFor={`${id}-unit`}>Text rows</label>
        <select id={`${id}-unit`} value={textUnit} onChange={(e) => setTextUnit(e.target.value as TextUnit | '')}>
          <option value="">Default (file per row for folders, paragraph for one file)</option>
          {TEXT_UNITS.map((u) => <option key={u} value={u}>one row per {u}</option>)}
        </select>
        <label htmlFor={`${id}-text`}>Text column</label>
        <input id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} placeholder="guessed (text, body, message…)" spellCheck={false} />
        <label htmlFor={`${id}-label`}>Label column</label>
        <input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} placeholder="guessed (label, class, category…)" spellCheck={false} />
      </div>
      {add.isError && (
        <div className="error-box" role="alert">
          <strong>Could not add the dataset.</strong> {add.error.message}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={add.isPending}>{add.isPending ? 'Analyzing…' : 'Add dataset'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
        <span className="muted field-hint">Same as <code>{cli(dataAddArgs(path, effectiveName, format, textUnit, text, label))}</code></span>
      </div>
    </form>
  )
}

/** The arguments of `sweeplab data add` that import what the form describes. */
function dataAddArgs(path: string, name: string, format: string, unit: string, text: string, label: string): string {
  const q = shellQuote
  const parts = ['data add', q(path.trim() || 'PATH'), '--name', q(name || 'NAME')]
  if (format) parts.push('--format', format)
  if (unit) parts.push('--per', unit)
  if (text.trim()) parts.push('--text', q(text.trim()))
  if (label.trim()) parts.push('--label', q(label.trim()))
  return parts.join(' ')
}
