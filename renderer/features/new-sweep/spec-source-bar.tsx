import { useId, useRef } from 'react'
import type { ExampleSpec } from '../../../shared/api/types.ts'
import type { SpecOrigin } from './spec-draft.ts'
import { SPEC_FILE_ACCEPT } from './spec-file-types.ts'

interface SpecSourceBarProps {
  origin: SpecOrigin
  examples: readonly ExampleSpec[] | undefined
  examplesError: string | null
  onExample: (example: ExampleSpec) => void
  onFile: (file: File) => void
}

/** Where to start from: a shipped example, a file from disk, or what is already there. */
export function SpecSourceBar({ origin, examples, examplesError, onExample, onFile }: SpecSourceBarProps) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const selected = origin.kind === 'example' ? origin.name : ''
  return (
    <div className="spec-source">
      <label htmlFor={id}>Start from</label>
      <select
        id={id}
        aria-label="Example"
        value={selected}
        disabled={!examples}
        onChange={(e) => {
          const ex = examples?.find((x) => x.name === e.target.value)
          if (ex) onExample(ex)
        }}
      >
        <option value="" disabled>{examples ? 'an example…' : examplesError ? 'examples unavailable' : 'loading examples…'}</option>
        {examples?.map((ex) => <option key={ex.name} value={ex.name}>{ex.title === ex.name ? ex.name : `${ex.name}: ${ex.title}`}</option>)}
      </select>
      <span className="muted">or</span>
      <button type="button" onClick={() => input.current?.click()}>Open file…</button>
      <input
        ref={input}
        type="file"
        accept={SPEC_FILE_ACCEPT}
        className="file-input-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0]
          // Cleared so that choosing the same file again still fires a change.
          e.target.value = ''
          if (file) onFile(file)
        }}
      />
      {examplesError && <span className="field-error" role="alert">Could not list the examples: {examplesError}</span>}
    </div>
  )
}
