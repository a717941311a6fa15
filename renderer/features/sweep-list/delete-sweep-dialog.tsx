import { useEffect, useId, useRef } from 'react'
import type { SweepSummary } from '../../../shared/api/types.ts'

interface DeleteSweepDialogProps {
  sweep: SweepSummary
  deleting: boolean
  /** The engine's refusal, shown in the dialog so the user can retry or cancel. */
  error: string | null
  onConfirm: () => void
  onCancel: () => void
}

/** Trial rows of a sweep, retries included: what the delete removes. */
export function trialCount(sweep: SweepSummary): number {
  return Object.values(sweep.counts).reduce((sum, n) => sum + (n ?? 0), 0)
}

/**
 * Asks before a sweep is deleted, saying exactly what goes with it. A native modal <dialog>: focus
 * stays inside, Esc cancels, and focus starts on Cancel so that Enter does not destroy anything.
 */
export function DeleteSweepDialog({ sweep, deleting, error, onConfirm, onCancel }: DeleteSweepDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const bodyId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  const n = trialCount(sweep)
  const trials = n === 0 ? 'its settings (it has no trials yet)' : `its ${n} ${n === 1 ? 'trial' : 'trials'}, with their metrics, logs and files (saved weights and other outputs)`
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        // Esc: the dialog closes through React state, not on its own, so the two cannot disagree.
        e.preventDefault()
        if (!deleting) onCancel()
      }}
    >
      <h2 id={titleId}>Delete sweep “{sweep.name}”?</h2>
      <p id={bodyId}>This removes {trials}. It cannot be undone.</p>
      {error && <div className="error-box" role="alert">Could not delete the sweep: {error}</div>}
      <div className="confirm-dialog-buttons">
        <button type="button" onClick={onCancel} disabled={deleting} autoFocus>Cancel</button>
        <button type="button" className="danger" onClick={onConfirm} disabled={deleting} aria-busy={deleting || undefined}>Delete</button>
      </div>
    </dialog>
  )
}
