import type { Ref } from 'react'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { baseName, folderOf, type SpecDraft } from './spec-draft.ts'
import { SpecProblems } from './spec-problems.tsx'
import type { SpecCheck } from './use-spec-check.ts'
import { YamlEditor, type YamlEditorHandle } from './yaml-editor.tsx'

interface SpecYamlPaneProps {
  draft: SpecDraft
  check: SpecCheck
  onChange: (text: string) => void
  onJump: (p: ErrorLocation) => void
  editorRef: Ref<YamlEditorHandle>
}

/** The sweep file in the editor, the engine's verdict under it, and where relative paths will resolve. */
export function SpecYamlPane({ draft, check, onChange, onJump, editorRef }: SpecYamlPaneProps) {
  const folder = folderOf(draft.fileName)
  return (
    <section className="new-sweep-yaml" aria-label="Sweep file">
      <div className="yaml-pane-head">
        <span className="yaml-file-name">{draft.fileName ? baseName(draft.fileName) : 'sweep.yaml (not saved)'}</span>
        <span className="muted yaml-file-note">
          {folder
            ? <>relative paths resolve against <code title={folder}>{folder}</code></>
            : 'relative paths (program, cwd, dataset path) resolve against the folder Sweeplab runs in'}
        </span>
      </div>
      <YamlEditor ref={editorRef} value={draft.text} onChange={onChange} problems={check.problems} checkedText={check.checkedText} label="Sweep file (YAML)" />
      <CheckStatus check={check} />
      <SpecProblems problems={check.problems} onJump={onJump} stale={check.state === 'checking'} />
    </section>
  )
}

function CheckStatus({ check }: { check: SpecCheck }) {
  let text: string
  let tone: string
  switch (check.state) {
    case 'checking':
      text = 'Checking…'
      tone = 'neutral'
      break
    case 'valid':
      text = `Valid: ${check.total === null ? 'unbounded (runs until stopped)' : `${check.total} ${check.total === 1 ? 'trial' : 'trials'}`}`
      // A grid with when: or constraints: was counted exactly; say what the constraints left out.
      if (check.grid && check.grid.skipped > 0) text += ` (constraints skip ${check.grid.skipped} of ${check.grid.combinations} grid points)`
      tone = 'success'
      break
    case 'invalid':
      text = `${check.problems.length} ${check.problems.length === 1 ? 'problem' : 'problems'}`
      tone = 'danger'
      break
    case 'error':
      text = `Could not check the file: ${check.message}`
      tone = 'danger'
      break
  }
  return <p className="check-status" data-tone={tone} role="status" aria-live="polite">{text}</p>
}
