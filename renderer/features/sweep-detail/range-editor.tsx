import { useId, useState, type KeyboardEvent } from 'react'
import type { AxisFilter } from '../../plots/axis-filter.ts'
import { describeFilter } from '../../plots/axis-filter.ts'
import type { AxisInfo } from '../../plots/sweep-axes.ts'

type RangeFilter = Extract<AxisFilter, { kind: 'range' }>

/** Empty text is an open end; anything else must be a finite number ("1e-4" is fine). */
export function parseBound(text: string): number | null | 'invalid' {
  const s = text.trim()
  if (s === '') return null
  const n = Number(s)
  return Number.isFinite(n) ? n : 'invalid'
}

/** A bound as the input shows it: four significant digits (a brushed bound is a long float). */
function boundText(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : String(Number(v.toPrecision(4)))
}

/**
 * Min and max of one numeric axis, applied on Enter or when focus leaves (not on each keystroke:
 * "1e-" is on its way to a number). Remount with a new `key` when the filter changes elsewhere.
 */
export function RangeEditor({ axis, filter, onChange }: { axis: AxisInfo; filter: RangeFilter | undefined; onChange: (f: AxisFilter | null) => void }) {
  const [min, setMin] = useState(() => boundText(filter?.min))
  const [max, setMax] = useState(() => boundText(filter?.max))
  // Only what the user typed is applied: the rounded text of a brushed bound must not replace the bound itself.
  const [dirty, setDirty] = useState(false)
  const id = useId()
  const lo = parseBound(min)
  const hi = parseBound(max)
  const invalid = lo === 'invalid' || hi === 'invalid'
  const logAxis = axis.scale.kind === 'log'
  const nonPositive = logAxis && ((typeof lo === 'number' && lo <= 0) || (typeof hi === 'number' && hi <= 0))

  const commit = () => {
    if (!dirty || invalid || nonPositive) return
    setDirty(false)
    onChange(lo === null && hi === null ? null : { kind: 'range', min: lo, max: hi })
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit()
  }
  return (
    <fieldset className="range-editor">
      <legend>{axis.label}</legend>
      <label htmlFor={`${id}-min`} className="visually-hidden">{axis.name} minimum</label>
      <input
        id={`${id}-min`} type="text" inputMode="decimal" placeholder="min" value={min} size={9}
        aria-invalid={lo === 'invalid' || undefined} onChange={(e) => { setMin(e.target.value); setDirty(true) }} onBlur={commit} onKeyDown={onKey}
      />
      <span aria-hidden="true">–</span>
      <label htmlFor={`${id}-max`} className="visually-hidden">{axis.name} maximum</label>
      <input
        id={`${id}-max`} type="text" inputMode="decimal" placeholder="max" value={max} size={9}
        aria-invalid={hi === 'invalid' || undefined} onChange={(e) => { setMax(e.target.value); setDirty(true) }} onBlur={commit} onKeyDown={onKey}
      />
      {invalid && <span className="field-error" role="alert">Type a number such as 0.01 or 1e-4, or leave it empty.</span>}
      {nonPositive && <span className="field-error" role="alert">{axis.name} is on a log axis: bounds must be above 0.</span>}
      {filter && !invalid && !nonPositive && logAxis && (
        <span className="muted range-effective" title="Parcoords snaps log-axis brushes to the axis ticks; the table uses the same range">
          keeps {describeFilter(axis, filter)}
        </span>
      )}
    </fieldset>
  )
}
