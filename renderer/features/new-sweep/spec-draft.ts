import type { ExampleSpec } from '../../../shared/api/types.ts'

/** Where the text in the new-sweep screen came from; shown above the editor. */
export type SpecOrigin =
  | { kind: 'template' }
  | { kind: 'example'; name: string; title: string }
  | { kind: 'file'; name: string }

export interface SpecDraft {
  text: string
  /** Passed to the engine so relative paths (program, cwd, dataset path) resolve against the file's folder. */
  fileName?: string
  origin: SpecOrigin
  /** The opened file (see pending-spec-file.ts) this draft was loaded from. */
  fileId?: number
}

/** A runnable start: a built-in trainer on a bundled dataset, so Start works offline with no script of one's own. */
export const TEMPLATE_TEXT = `# A new sweep. Edit the form or this file: each follows the other.
# Every key is described in docs/sweep-file.md; the engine checks the file as you type.
name: my-sweep
method: random
run_cap: 8
trainer: text-classifier
dataset: spam
metric: {name: val_f1, goal: maximize}
parameters:
  learning_rate: {distribution: log_uniform_values, min: 0.0003, max: 0.01}
  embedding: {values: [32, 64]}
  epochs: {value: 3}
`

export function templateDraft(): SpecDraft {
  return { text: TEMPLATE_TEXT, origin: { kind: 'template' } }
}

export function exampleDraft(example: ExampleSpec): SpecDraft {
  return { text: example.text, fileName: example.fileName, origin: { kind: 'example', name: example.name, title: example.title } }
}

// The draft outlives the screen, so a visit to another screen does not lose an unsaved sweep.
let saved: SpecDraft | null = null

export function savedDraft(): SpecDraft | null {
  return saved
}

/** Keeps the draft for the next visit; null forgets it (after the sweep was created). */
export function saveDraft(draft: SpecDraft | null): void {
  saved = draft
}

/** The file's folder when the name is a full path, else null (a browser only gives the bare name). */
export function folderOf(fileName: string | undefined): string | null {
  if (!fileName) return null
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'))
  return cut > 0 ? fileName.slice(0, cut) : null
}

export function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
}
