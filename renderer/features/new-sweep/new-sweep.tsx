import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ExampleSpec } from '../../../shared/api/types.ts'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { useExamples } from '../../data/new-sweep-queries.ts'
import { navigate } from '../../route.ts'
import { takeSpecFile, usePendingSpecFile } from './pending-spec-file.ts'
import { applySpecEdit, type SpecEdit } from './spec-edits.ts'
import { exampleDraft, saveDraft, savedDraft, templateDraft, type SpecDraft } from './spec-draft.ts'
import { readSpecFile } from './spec-file-types.ts'
import { readSpecForm } from './spec-form.ts'
import { SpecFormPanel } from './spec-form-panel.tsx'
import { SpecSourceBar } from './spec-source-bar.tsx'
import { SpecActions, useSweepCreation } from './spec-actions.tsx'
import { SpecYamlPane } from './spec-yaml-pane.tsx'
import { useSpecCheck } from './use-spec-check.ts'
import { WarmStartPicker } from './warm-start-picker.tsx'
import type { YamlEditorHandle } from './yaml-editor.tsx'
import './new-sweep.css'

/**
 * The new-sweep screen: a form and the YAML side by side. The YAML text is the one source of truth;
 * the form is read from it and writes into it, and the engine checks it as it changes.
 */
export function NewSweep({ example }: { example?: string }) {
  const pendingFile = usePendingSpecFile()
  const [draft, setDraft] = useState<SpecDraft>(() =>
    pendingFile ? { text: pendingFile.text, fileName: pendingFile.fileName, origin: { kind: 'file', name: pendingFile.fileName }, fileId: pendingFile.id } : savedDraft() ?? templateDraft(),
  )
  const [notice, setNotice] = useState<string | null>(null)
  const examples = useExamples()
  const editor = useRef<YamlEditorHandle>(null)
  const textRef = useRef(draft.text)
  textRef.current = draft.text

  useEffect(() => saveDraft(draft), [draft])

  // A file opened from the menu, a dialog or a drop while this screen is shown (or just before it opened).
  useEffect(() => {
    if (!pendingFile) return
    takeSpecFile(pendingFile.id)
    if (draft.fileId === pendingFile.id) return
    setDraft({ text: pendingFile.text, fileName: pendingFile.fileName, origin: { kind: 'file', name: pendingFile.fileName }, fileId: pendingFile.id })
    setNotice(null)
  }, [pendingFile, draft.fileId])

  // `#/new?example=name` loads that example, unless the draft already came from it (and may hold edits).
  const exampleMissing = !!example && !!examples.data && !examples.data.some((e) => e.name === example)
  useEffect(() => {
    if (!example || !examples.data) return
    const found = examples.data.find((e) => e.name === example)
    if (found) setDraft((d) => (d.origin.kind === 'example' && d.origin.name === found.name ? d : exampleDraft(found)))
    // Only a new route or a new list loads an example; later edits of the draft must not undo them.
  }, [example, examples.data])

  const loadExample = useCallback((ex: ExampleSpec) => {
    setDraft(exampleDraft(ex))
    setNotice(null)
    navigate({ name: 'new-sweep', example: ex.name })
  }, [])

  const loadFile = useCallback(async (file: File) => {
    const read = await readSpecFile(file)
    if (!read.ok) return setNotice(read.message)
    setNotice(null)
    setDraft({ text: read.text, fileName: read.fileName, origin: { kind: 'file', name: read.fileName } })
    if (example) navigate({ name: 'new-sweep' })
  }, [example])

  const setText = useCallback((text: string) => {
    textRef.current = text
    setDraft((d) => ({ ...d, text }))
  }, [])

  const edit = useCallback((e: SpecEdit): string | null => {
    const res = applySpecEdit(textRef.current, e)
    if (!res.ok) return res.message
    setText(res.text)
    return null
  }, [setText])

  const check = useSpecCheck(draft.text, draft.fileName)
  const form = useMemo(() => readSpecForm(draft.text), [draft.text])
  const jump = useCallback((p: ErrorLocation) => {
    if (p.line !== undefined) editor.current?.jumpTo(p.line, p.column)
  }, [])
  const creation = useSweepCreation(draft, check, () => saveDraft(null))

  return (
    <article
      className="new-sweep"
      onKeyDownCapture={(e) => {
        // Ctrl/⌘+Enter starts the sweep from anywhere on the screen, the editor included (it would add a line).
        if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return
        e.preventDefault()
        e.stopPropagation()
        creation.submit(true)
      }}
    >
      <header className="new-sweep-header">
        <h2>New sweep</h2>
        <SpecSourceBar
          origin={draft.origin}
          examples={examples.data}
          examplesError={examples.isError ? examples.error.message : null}
          onExample={loadExample}
          onFile={(f) => void loadFile(f)}
        />
      </header>
      {exampleMissing && (
        <div className="error-box" role="alert">There is no example named “{example}”. Pick one from the list, or edit the sweep below.</div>
      )}
      {notice && <div className="error-box" role="alert">{notice}</div>}

      <div className="new-sweep-panes">
        <section className="new-sweep-form" aria-label="Sweep form">
          {form.ok ? (
            <>
              <SpecFormPanel form={form.form} edit={edit} problems={check.problems} />
              <WarmStartPicker text={draft.text} fileName={draft.fileName} onText={setText} />
            </>
          ) : (
            <div className="form-unavailable" role="status">
              <p>{form.reason}</p>
              {form.line !== undefined && (
                <button type="button" onClick={() => editor.current?.jumpTo(form.line!)}>Go to line {form.line}</button>
              )}
            </div>
          )}
        </section>
        <SpecYamlPane draft={draft} check={check} onChange={setText} onJump={jump} editorRef={editor} />
      </div>

      <SpecActions creation={creation} onJump={jump} />
    </article>
  )
}
