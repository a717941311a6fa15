import type { ErrorLocation } from '../../../shared/errors.ts'
import { isSweeplabError } from '../../../shared/errors.ts'
import { useCreateSweep } from '../../data/new-sweep-queries.ts'
import { navigate } from '../../route.ts'
import type { SpecDraft } from './spec-draft.ts'
import { SpecProblems } from './spec-problems.tsx'
import type { SpecCheck } from './use-spec-check.ts'

export interface SweepCreation {
  /** Creates the sweep (and runs it when `start`) if the engine accepted the current text. */
  submit: (start: boolean) => void
  disabled: boolean
  /** Why the buttons are disabled, for the user. */
  why: string | undefined
  create: ReturnType<typeof useCreateSweep>
}

const WHY_NOT_READY: Record<SpecCheck['state'], string> = {
  checking: 'Waiting for the engine to check the file…',
  valid: 'Waiting for the engine to check the file…',
  invalid: 'Fix the problems in the sweep file first.',
  error: 'The engine could not check the file (see above).',
}

/** Creation is allowed only for the text the engine has just accepted, never for an older check. */
export function useSweepCreation(draft: SpecDraft, check: SpecCheck, onCreated: () => void): SweepCreation {
  const create = useCreateSweep()
  const ready = check.state === 'valid' && check.checkedText === draft.text
  const disabled = !ready || create.isPending
  const why = create.isPending ? 'Creating the sweep…' : ready ? undefined : WHY_NOT_READY[check.state]
  const submit = (start: boolean) => {
    if (disabled) return
    const args = draft.fileName === undefined ? { text: draft.text, start } : { text: draft.text, fileName: draft.fileName, start }
    create.mutate(args, {
      onSuccess: ({ sweepId }) => {
        onCreated()
        navigate({ name: 'sweep', sweepId })
      },
    })
  }
  return { submit, disabled, why, create }
}

/** The two buttons, and the engine's refusal (with its located problems) right above them. */
export function SpecActions({ creation, onJump }: { creation: SweepCreation; onJump: (p: ErrorLocation) => void }) {
  const { submit, disabled, why, create } = creation
  const problems = create.isError && isSweeplabError(create.error) ? create.error.details?.problems ?? [] : []
  return (
    <footer className="new-sweep-actions">
      {create.isError && (
        <div className="error-box create-error" role="alert">
          <strong>The engine did not create the sweep:</strong> {create.error.message}
          <SpecProblems problems={problems} onJump={onJump} />
        </div>
      )}
      <div className="new-sweep-buttons" aria-busy={create.isPending || undefined}>
        {why && <span className="muted">{why}</span>}
        <button type="button" disabled={disabled} onClick={() => submit(false)} title="Saves the sweep without running it; resume it from its page">
          Create without starting
        </button>
        <button type="button" className="primary" disabled={disabled} onClick={() => submit(true)} title="Ctrl+Enter (⌘+Enter)">
          Start sweep
        </button>
      </div>
    </footer>
  )
}
