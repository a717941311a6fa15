import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

export interface TextFieldProps {
  label: string
  /** Shown instead of `label` to assistive tech when the visible label is shared by a column. */
  ariaLabel?: string
  /** The value as the YAML holds it now. */
  value: string
  /** Writes the typed text to the YAML; returns why it could not (the text then stays, marked invalid). */
  onCommit: (text: string) => string | null
  /** The engine's problems at this field's key. */
  problems?: readonly string[]
  /** The YAML holds something this field cannot show (e.g. a multi-line value): edit it there. */
  locked?: boolean
  multiline?: boolean
  placeholder?: string
  hint?: ReactNode
  inputMode?: 'numeric' | 'decimal' | 'text'
  className?: string
  autoFocus?: boolean
}

/**
 * A text field bound to one key of the YAML. Each keystroke is written through at once, but the
 * field keeps showing what was typed until it loses focus, so that `0.` on the way to `0.05` is not
 * rewritten under the caret, and text the YAML refuses stays visible with its reason.
 */
export function TextField(props: TextFieldProps) {
  const { label, ariaLabel, value, onCommit, problems = [], locked = false, multiline = false, placeholder, hint, inputMode, className, autoFocus } = props
  const id = useId()
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  // Edited elsewhere (the YAML editor, undo) while this field is not in use: show the new value.
  useEffect(() => {
    if (document.activeElement === ref.current) return
    setDraft(null)
    setError(null)
  }, [value])

  useEffect(() => {
    if (!autoFocus) return
    ref.current?.focus()
    ref.current?.select()
  }, [autoFocus])

  const messages = error ? [error] : draft === null ? problems : []
  const describedBy = messages.length > 0 || hint || locked ? `${id}-msg` : undefined
  const common = {
    id,
    ref,
    value: draft ?? value,
    placeholder,
    disabled: locked,
    'aria-label': ariaLabel,
    'aria-invalid': messages.length > 0 || undefined,
    'aria-describedby': describedBy,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value)
      setError(onCommit(e.target.value))
    },
    onBlur: () => {
      if (error === null) setDraft(null)
    },
  }
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...common} rows={4} spellCheck={false} /> : <input {...common} type="text" inputMode={inputMode} spellCheck={false} autoComplete="off" />}
      {describedBy && (
        <div id={`${id}-msg`} className="field-messages">
          {locked && <span className="yaml-only">edited in YAML only</span>}
          {messages.map((m) => <span key={m} className="field-error">{m}</span>)}
          {hint && messages.length === 0 && <span className="field-hint">{hint}</span>}
        </div>
      )}
    </div>
  )
}

export interface SelectFieldProps {
  label: string
  ariaLabel?: string
  value: string
  options: readonly { value: string; label: string; disabled?: boolean }[]
  onChange: (value: string) => void
  problems?: readonly string[]
  locked?: boolean
  disabled?: boolean
  hint?: ReactNode
  className?: string
}

export function SelectField({ label, ariaLabel, value, options, onChange, problems = [], locked = false, disabled = false, hint, className }: SelectFieldProps) {
  const id = useId()
  const describedBy = problems.length > 0 || hint || locked ? `${id}-msg` : undefined
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-label={ariaLabel}
        disabled={locked || disabled}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>)}
      </select>
      {describedBy && (
        <div id={`${id}-msg`} className="field-messages">
          {locked && <span className="yaml-only">edited in YAML only</span>}
          {problems.map((m) => <span key={m} className="field-error">{m}</span>)}
          {hint && problems.length === 0 && <span className="field-hint">{hint}</span>}
        </div>
      )}
    </div>
  )
}

/** The options plus the file's current value when it is not one of them, so a select never misreports the file. */
export function withCurrent(options: { value: string; label: string }[], current: string, emptyLabel: string): { value: string; label: string; disabled?: boolean }[] {
  if (current === '') return [{ value: '', label: emptyLabel, disabled: true }, ...options]
  return options.some((o) => o.value === current) ? options : [...options, { value: current, label: `${current} (from the file)` }]
}
