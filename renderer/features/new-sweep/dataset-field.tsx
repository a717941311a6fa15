import { useDatasetChoices } from '../../data/new-sweep-queries.ts'
import { SelectField, withCurrent } from './form-field.tsx'

interface DatasetFieldProps {
  value: string
  locked: boolean
  problems: readonly string[]
  onChange: (name: string) => void
  addHref: string
}

/** Picks a registered or built-in dataset by name; the list comes from the engine. */
export function DatasetField({ value, locked, problems, onChange, addHref }: DatasetFieldProps) {
  const datasets = useDatasetChoices()
  const known = (datasets.data ?? []).map((d) => ({ value: d.name, label: d.builtin ? `${d.name} (built-in)` : `${d.name} (v${d.version})` }))
  const options = datasets.isPending ? [{ value, label: value || 'Loading datasets…' }] : withCurrent(known, value, 'choose a dataset')
  const hint = datasets.isError
    ? `Could not list datasets: ${datasets.error.message}`
    : <>or <a href={addHref}>add your own</a></>
  return <SelectField label="Dataset" value={value} options={options} onChange={onChange} locked={locked} problems={problems} hint={hint} />
}
