import { useEffect, useId, useRef, useState } from 'react'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { isSweeplabError, type ErrorLocation } from '../../../shared/errors.ts'
import { useEditPreview, useUpdateSweep } from '../../data/steering.ts'
import { useDebouncedValue } from '../new-sweep/use-debounced-value.ts'
import { YamlEditor } from '../new-sweep/yaml-editor.tsx'
import { EDIT_KEYS, readKey, writeKey, type EditKey } from './spec-keys.ts'

/** Typing pauses this long before the engine checks the edit again (a dry run of updateSweep). */
export const PREVIEW_DEBOUNCE_MS = 300

const FIELDS: Record<EditKey, { label: string; hint: string; inputMode: 'numeric' | 'text' }> = {
  run_cap: { label: 'Run cap', hint: 'trials sampled in all; empty: no cap', inputMode: 'numeric' },
  max_duration: { label: 'Time budget', hint: 'running time, e.g. 90m or 2h; empty: none', inputMode: 'text' },
  workers: { label: 'Concurrency', hint: 'trials at once; empty: what the engine allows', inputMode: 'numeric' },
}

/**
 * Edits a sweep's config, also while it runs: budget, concurrency and search space, as fields and
 * as the YAML itself. The engine checks every change as it is typed (a dry run: the same parser as
 * a sweep file, plus what an edit may not change) and says what would change and how many trials
 * remain; Save stores it as the sweep's next config version.
 */
export function EditSweepDialog({ sweep, onClose }: { sweep: SweepDetail; onClose: (saved: number | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [text, setText] = useState(sweep.specText)
  const [note, setNote] = useState('')
  const settled = useDebouncedValue(text, PREVIEW_DEBOUNCE_MS)
  const preview = useEditPreview(sweep.id, settled)
  const save = useUpdateSweep()

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  const checking = settled !== text || preview.isFetching
  const problems: readonly ErrorLocation[] = preview.isError && isSweeplabError(preview.error) ? preview.error.details?.problems ?? [] : []
  const ready = !checking && preview.isSuccess && !preview.isPlaceholderData
  const unchanged = ready && preview.data.changes.length === 0
  const canSave = ready && !unchanged && !save.isPending

  const onSave = () => {
    save.mutate({ sweepId: sweep.id, text, ...(note.trim() ? { note: note.trim() } : {}) }, { onSuccess: (r) => onClose(r.version) })
  }

  return (
    <dialog
      ref={ref}
      className="confirm-dialog edit-sweep-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        if (!save.isPending) onClose(null)
      }}
    >
      <h2 id={titleId}>Edit sweep “{sweep.name}”</h2>
      <p>
        Saved as config version {sweep.configVersion + 1}. Running trials keep going; new trials sample from the new version
        {sweep.method === 'grid' ? ', and a grid runs only its points no trial has run yet' : ''}.
      </p>
      <div className="edit-sweep-fields">
        {EDIT_KEYS.map((key) => (
          <label key={key}>
            <span>{FIELDS[key].label}</span>
            <input
              type="text"
              inputMode={FIELDS[key].inputMode}
              name={key}
              value={readKey(text, key)}
              placeholder="none"
              onChange={(e) => setText((t) => writeKey(t, key, e.target.value))}
            />
            <small className="muted">{FIELDS[key].hint}</small>
          </label>
        ))}
      </div>
      <YamlEditor value={text} onChange={setText} problems={problems} checkedText={preview.isError ? settled : undefined} label="Sweep config (YAML)" />
      <div className="edit-sweep-preview" role="status" aria-live="polite">
        {checking ? (
          <span className="muted">Checking…</span>
        ) : preview.isError ? (
          <div className="error-box" role="alert">
            {preview.error.message.split('\n')[0]}
            {problems.length > 1 && <ul>{problems.slice(1).map((p, i) => <li key={i}>{p.line ? `line ${p.line}: ` : ''}{p.path ? `${p.path}: ` : ''}{p.message}</li>)}</ul>}
          </div>
        ) : ready ? (
          unchanged ? <span className="muted">No changes yet.</span> : (
            <>
              <strong>{preview.data.remaining === null ? 'No limit on trials' : `${preview.data.remaining} trial${preview.data.remaining === 1 ? '' : 's'} left to sample`}</strong>
              {preview.data.total !== null && <span className="muted"> of {preview.data.total} in all</span>}
              <ul className="edit-sweep-changes">{preview.data.changes.map((c) => <li key={c}>{c}</li>)}</ul>
            </>
          )
        ) : null}
      </div>
      <label className="edit-sweep-note">
        <span>Note</span>
        <input type="text" value={note} maxLength={1000} placeholder="why (kept with the version)" onChange={(e) => setNote(e.target.value)} />
      </label>
      {save.isError && <div className="error-box" role="alert">Could not save the version: {save.error.message}</div>}
      <div className="confirm-dialog-buttons">
        <button type="button" onClick={() => onClose(null)} disabled={save.isPending}>Cancel</button>
        <button type="button" onClick={onSave} disabled={!canSave} aria-busy={save.isPending || undefined}>
          {save.isPending ? 'Saving…' : `Save version ${sweep.configVersion + 1}`}
        </button>
      </div>
    </dialog>
  )
}
