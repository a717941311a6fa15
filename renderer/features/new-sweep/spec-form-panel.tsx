import { useId } from 'react'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { SEARCH_METHODS } from '../../../shared/sweep-spec.ts'
import { routeHref } from '../../route.ts'
import { DatasetField } from './dataset-field.tsx'
import { SelectField, TextField, withCurrent } from './form-field.tsx'
import { ParamsEditor } from './params-editor.tsx'
import type { SpecEdit } from './spec-edits.ts'
import { problemsAt } from './form-problems.ts'
import { TOP_FIELDS, type SpecForm, type TopField } from './spec-form.ts'
import { TRAINERS, trainerUsesDataset } from './trainers.ts'

export type ApplyEdit = (edit: SpecEdit) => string | null

const METHOD_LABELS: Record<string, string> = { grid: 'grid', random: 'random', bayes: 'bayes (TPE)' }
const METHOD_HINTS: Record<string, string> = {
  grid: 'every combination, in file order',
  random: 'independent draws from each distribution',
  bayes: 'a model of the finished trials picks the next (TPE); needs a metric',
}

/** The common keys of a sweep file as a form; everything else stays in the YAML, listed at the end. */
export function SpecFormPanel({ form, edit, problems }: { form: SpecForm; edit: ApplyEdit; problems: readonly ErrorLocation[] }) {
  const f = form.fields
  const text = (field: TopField) => ({
    value: f[field],
    locked: form.lockedFields.includes(field),
    problems: problemsAt(problems, TOP_FIELDS[field].join('.')),
    onCommit: (t: string) => edit({ type: 'set-field', field, text: t }),
  })
  const select = (field: TopField) => ({
    value: f[field],
    locked: form.lockedFields.includes(field),
    problems: problemsAt(problems, TOP_FIELDS[field].join('.')),
    onChange: (v: string) => void edit({ type: 'set-field', field, text: v }),
  })
  const methods = withCurrent(SEARCH_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] ?? m })), f.method, 'choose a method')

  return (
    <div className="spec-form">
      <fieldset>
        <legend>Sweep</legend>
        <TextField label="Name" {...text('name')} placeholder="the file name when empty" />
        <TextField label="Description" {...text('description')} />
      </fieldset>

      <fieldset>
        <legend>Search</legend>
        <div className="field-row">
          <SelectField label="Method" {...select('method')} options={methods} hint={METHOD_HINTS[f.method]} />
          <TextField label="Run cap" {...text('runCap')} inputMode="numeric" placeholder={f.method === 'random' ? 'unbounded' : 'all points'} />
          <TextField label="Workers" {...text('workers')} inputMode="numeric" placeholder="all cores" />
        </div>
        <div className="field-row">
          <TextField label="Metric" {...text('metricName')} placeholder="e.g. val_loss" />
          <SelectField
            label="Goal"
            {...select('metricGoal')}
            value={f.metricGoal || 'minimize'}
            disabled={f.metricName === ''}
            options={withCurrent([{ value: 'minimize', label: 'minimize' }, { value: 'maximize', label: 'maximize' }], f.metricGoal || 'minimize', '')}
          />
        </div>
      </fieldset>

      <RunnerFields form={form} edit={edit} text={text} select={select} problems={problems} />

      <fieldset>
        <legend>Parameters</legend>
        <ParamsEditor rows={form.params} parent={[]} edit={edit} problems={problems} method={f.method} />
      </fieldset>

      {form.yamlOnly.length > 0 && (
        <p className="yaml-only-keys">
          <span className="yaml-only">Edited in YAML only:</span> {form.yamlOnly.map((k) => <code key={k}>{k}</code>)}
        </p>
      )}
    </div>
  )
}

/** Keys only built-in trainers read (docs/trainers.md); kept, but a program never sees them. */
const TRAINER_ONLY_KEYS = ['dataset', 'cv', 'backend', 'save']

function TrainerOnlyKeys({ form }: { form: SpecForm }) {
  const present = TRAINER_ONLY_KEYS.filter((k) => (k === 'dataset' ? form.fields.dataset !== '' || form.lockedFields.includes('dataset') : form.yamlOnly.includes(k)))
  if (present.length === 0) return null
  return (
    <p className="field-messages">
      <span className="yaml-only">Only built-in trainers read</span> {present.map((k) => <code key={k}>{k}</code>)}
      <span className="field-hint">: your program does not get them; remove them in the YAML if they are left over.</span>
    </p>
  )
}

type TextProps = (field: TopField) => { value: string; locked: boolean; problems: string[]; onCommit: (t: string) => string | null }
type SelectProps = (field: TopField) => { value: string; locked: boolean; problems: string[]; onChange: (v: string) => void }

function RunnerFields({ form, edit, text, select, problems }: { form: SpecForm; edit: ApplyEdit; text: TextProps; select: SelectProps; problems: readonly ErrorLocation[] }) {
  const name = useId()
  const f = form.fields
  const trainers = withCurrent(TRAINERS.map((t) => ({ value: t.name, label: t.name })), f.trainer, 'choose a trainer')
  return (
    <fieldset>
      <legend>Each trial runs</legend>
      <div className="runner-choice" role="radiogroup" aria-label="Each trial runs">
        <label>
          <input type="radio" name={name} checked={form.runner === 'trainer'} onChange={() => edit({ type: 'set-runner', runner: 'trainer' })} /> a built-in trainer
        </label>
        <label>
          <input type="radio" name={name} checked={form.runner === 'program'} onChange={() => edit({ type: 'set-runner', runner: 'program' })} /> my program or command
        </label>
      </div>
      {form.runner === 'trainer' && (
        <div className="field-row">
          <SelectField label="Trainer" {...select('trainer')} options={trainers} hint={TRAINERS.find((t) => t.name === f.trainer)?.hint} />
          {trainerUsesDataset(f.trainer) && (
            <DatasetField
              value={f.dataset}
              locked={form.lockedFields.includes('dataset')}
              problems={problemsAt(problems, 'dataset')}
              onChange={(v) => void edit({ type: 'set-field', field: 'dataset', text: v })}
              addHref={routeHref({ name: 'datasets' })}
            />
          )}
        </div>
      )}
      {form.runner === 'program' && (
        <>
          <TrainerOnlyKeys form={form} />
          <TextField label="Program" {...text('program')} placeholder="train.py" hint="relative to the sweep file's folder" />
          <TextField
            label="Command"
            {...text('command')}
            multiline
            placeholder={'${env}\n${interpreter}\n${program}\n${args}'}
            hint="one argument per line; leave it empty for W&B's default (the macros shown)"
          />
        </>
      )}
      {form.runner === 'none' && <p className="muted">Choose what a trial runs: the engine needs a trainer, a program or a command.</p>}
    </fieldset>
  )
}
