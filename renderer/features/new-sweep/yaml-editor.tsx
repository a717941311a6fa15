import { useEffect, useImperativeHandle, useRef, type Ref } from 'react'
import { yaml } from '@codemirror/lang-yaml'
import { lintGutter, setDiagnostics } from '@codemirror/lint'
import { Annotation, EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { editorTheme } from './editor-theme.ts'
import { minimalChange, positionOf, toDiagnostics } from './problem-diagnostics.ts'

export interface YamlEditorHandle {
  /** Puts the caret at a 1-based line and column, scrolls it into view and focuses the editor. */
  jumpTo(line: number, column?: number): void
}

export interface YamlEditorProps {
  value: string
  onChange: (text: string) => void
  /** The engine's problems with `checkedText`; drawn only while the editor still holds that text. */
  problems: readonly ErrorLocation[]
  checkedText: string | undefined
  label: string
  ref?: Ref<YamlEditorHandle>
}

/** Marks changes that came from outside (the form, an opened file), which must not echo back. */
const external = Annotation.define<boolean>()

/** CodeMirror 6 with YAML highlighting, the engine's problems as lint diagnostics, and the usual keys (undo, search, fold). */
export function YamlEditor({ value, onChange, problems, checkedText, label, ref }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const latestValue = useRef(value)
  latestValue.current = value
  // The last text this editor reported: when it comes back as `value`, the editor already holds it (or newer typing).
  const emitted = useRef<string | null>(null)

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: latestValue.current,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          editorTheme,
          // Sweep files carry long comments; wrapping keeps them readable beside the form.
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((t) => t.annotation(external))) return
            emitted.current = u.state.doc.toString()
            onChangeRef.current(emitted.current)
          }),
        ],
      }),
    })
    view.current = v
    return () => {
      v.destroy()
      view.current = null
    }
  }, [label])

  useEffect(() => {
    const v = view.current
    if (!v || value === emitted.current) return
    const current = v.state.doc.toString()
    if (current !== value) v.dispatch({ changes: minimalChange(current, value), annotations: external.of(true) })
    emitted.current = value
  }, [value])

  useEffect(() => {
    const v = view.current
    // Problems of an older text would sit on the wrong lines; the ones shown are mapped through edits until the next check.
    if (!v || checkedText === undefined || v.state.doc.toString() !== checkedText) return
    v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state.doc, problems)))
  }, [problems, checkedText, value])

  useImperativeHandle(ref, () => ({
    jumpTo(line, column) {
      const v = view.current
      if (!v) return
      const pos = positionOf(v.state.doc, line, column)
      v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) })
      v.focus()
    },
  }), [])

  return <div className="yaml-editor" data-testid="yaml-editor" ref={host} />
}
