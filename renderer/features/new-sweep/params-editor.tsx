import { useState } from 'react'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { SelectField, TextField, withCurrent } from './form-field.tsx'
import { DISTRIBUTION_HINTS, isRangeDistribution, PARAM_KIND_LABELS, RANGE_DISTRIBUTIONS, type NumberKey, type ParamField, type ParamKind } from './param-kinds.ts'
import type { SpecEdit } from './spec-edits.ts'
import { paramProblems } from './form-problems.ts'
import type { ParamRow } from './spec-form.ts'

type ApplyEdit = (edit: SpecEdit) => string | null

interface ParamsEditorProps {
  rows: readonly ParamRow[]
  /** The nested parameter these rows belong to; [] for the top level. */
  parent: readonly string[]
  edit: ApplyEdit
  problems: readonly ErrorLocation[]
  method: string
}

/** One row per parameter, nested parameters as rows inside their parent. Order is the grid's order. */
export function ParamsEditor({ rows, parent, edit, problems, method }: ParamsEditorProps) {
  const [focusIndex, setFocusIndex] = useState<number | null>(null)
  const where = parent.length > 0 ? ` to ${parent.join('.')}` : ''
  return (
    <div className="params">
      {rows.length === 0 && parent.length === 0 && (
        <p className="muted">No parameters yet. Add one for each hyperparameter to search; each trial gets one value of each.</p>
      )}
      {rows.length > 0 && (
        <ol className="param-list">
          {/* Keyed by position: a rename must not remount the row whose name is being typed. */}
          {rows.map((row, i) => (
            <ParamRowEditor key={i} row={row} first={i === 0} last={i === rows.length - 1} edit={edit} problems={problems} method={method} autoFocus={focusIndex === i} />
          ))}
        </ol>
      )}
      <button
        type="button"
        className="add-param"
        onClick={() => {
          if (edit({ type: 'add-param', parent }) === null) setFocusIndex(rows.length)
        }}
      >
        + Add parameter{where}
      </button>
    </div>
  )
}

interface RowProps {
  row: ParamRow
  first: boolean
  last: boolean
  edit: ApplyEdit
  problems: readonly ErrorLocation[]
  method: string
  autoFocus: boolean
}

const KIND_OPTIONS = (['values', 'value', 'distribution', 'nested'] as const).map((k) => ({ value: k, label: PARAM_KIND_LABELS[k] }))

function ParamRowEditor({ row, first, last, edit, problems, method, autoFocus }: RowProps) {
  const label = row.path.join('.')
  const rowProblems = paramProblems(problems, row)
  const kinds = row.kind === 'yaml-only' ? [...KIND_OPTIONS, { value: 'yaml-only', label: PARAM_KIND_LABELS['yaml-only'], disabled: true }] : KIND_OPTIONS
  return (
    <li className="param-row" data-kind={row.kind} aria-label={`Parameter ${label}`}>
      <div className="param-head">
        <TextField
          label="Name"
          ariaLabel={`Name of parameter ${label}`}
          value={row.name}
          onCommit={(t) => edit({ type: 'rename-param', path: row.path, name: t.trim() })}
          autoFocus={autoFocus}
          className="param-name"
        />
        <SelectField
          className="field-wide"
          label="Kind"
          ariaLabel={`Kind of parameter ${label}`}
          value={row.kind}
          options={kinds}
          onChange={(k) => void edit({ type: 'set-param-kind', path: row.path, kind: k as Exclude<ParamKind, 'yaml-only'> })}
        />
        <div className="param-actions">
          <button type="button" disabled={first} aria-label={`Move ${label} up`} title="Move up (grids vary the last parameter fastest)" onClick={() => edit({ type: 'move-param', path: row.path, offset: -1 })}>↑</button>
          <button type="button" disabled={last} aria-label={`Move ${label} down`} title="Move down" onClick={() => edit({ type: 'move-param', path: row.path, offset: 1 })}>↓</button>
          <button type="button" aria-label={`Remove ${label}`} title="Remove this parameter" onClick={() => edit({ type: 'remove-param', path: row.path })}>✕</button>
        </div>
      </div>
      <ParamBody row={row} label={label} edit={edit} problems={problems} method={method} />
      {row.yamlOnly.length > 0 && (
        <p className="field-messages">
          <span className="yaml-only">Edited in YAML only:</span> {row.yamlOnly.map((k) => <code key={k}>{k}</code>)}
        </p>
      )}
      {rowProblems.length > 0 && (
        <p className="field-messages">{rowProblems.map((m) => <span key={m} className="field-error">{m}</span>)}</p>
      )}
    </li>
  )
}

function ParamBody({ row, label, edit, problems, method }: { row: ParamRow; label: string; edit: ApplyEdit; problems: readonly ErrorLocation[]; method: string }) {
  const field = (f: ParamField, title: string, extra: { placeholder?: string; hint?: string; inputMode?: 'decimal' } = {}) => (
    <TextField
      key={f}
      label={title}
      ariaLabel={`${title} of ${label}`}
      value={row.fields[f] ?? ''}
      locked={row.lockedFields.includes(f)}
      problems={paramProblems(problems, row, f)}
      onCommit={(t) => edit({ type: 'set-param-field', path: row.path, field: f, text: t })}
      {...extra}
    />
  )
  switch (row.kind) {
    case 'values':
      return (
        <div className="param-body">
          {field('values', 'Values', { placeholder: '0.001, 0.01 or adam, sgd', hint: 'comma-separated; any YAML value, e.g. [32, 32]' })}
          {(method === 'random' || row.fields.probabilities !== undefined) &&
            field('probabilities', 'Probabilities', { placeholder: 'optional: one per value, sum 1', inputMode: 'decimal' })}
        </div>
      )
    case 'value':
      return <div className="param-body">{field('value', 'Value', { hint: 'every trial gets this value' })}</div>
    case 'distribution': {
      const effective = isRangeDistribution(row.distribution) ? row.distribution : row.inferred
      const options = RANGE_DISTRIBUTIONS.map((d) => ({ value: d, label: d }))
      const choices = row.distribution === null
        ? [{ value: '', label: row.inferred ? `${row.inferred} (inferred)` : 'not set' }, ...options]
        : withCurrent(options, row.distribution, '')
      return (
        <div className="param-body">
          <SelectField
            className="field-wide"
            label="Distribution"
            ariaLabel={`Distribution of ${label}`}
            value={row.distribution ?? ''}
            options={choices}
            problems={paramProblems(problems, row, 'distribution')}
            onChange={(d) => void edit({ type: 'set-distribution', path: row.path, distribution: isRangeDistribution(d) ? d : '' })}
          />
          {(Object.keys(row.fields) as NumberKey[]).map((k) => field(k, k, { inputMode: 'decimal', placeholder: optionalDefault(k) }))}
          {effective && <p className="field-hint param-hint">{DISTRIBUTION_HINTS[effective]}</p>}
        </div>
      )
    }
    case 'nested':
      return (
        <div className="param-body param-nested">
          <ParamsEditor rows={row.children} parent={row.path} edit={edit} problems={problems} method={method} />
        </div>
      )
    case 'yaml-only':
      return <p className="field-messages"><span className="yaml-only">edited in YAML only</span> choose a kind to edit it here</p>
  }
}

function optionalDefault(key: NumberKey): string | undefined {
  switch (key) {
    case 'mu': return 'default 0'
    case 'sigma':
    case 'q':
    case 'a':
    case 'b': return 'default 1'
    default: return undefined
  }
}
