import { act } from 'react'
import { EditorView } from '@codemirror/view'

/** Sets a field's value the way typing does, so React's onChange sees it (happy-dom has no user-event). */
export async function typeInto(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): Promise<void> {
  await act(async () => {
    el.focus()
    const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value)
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
  })
}

export async function blur(el: HTMLElement): Promise<void> {
  await act(async () => el.blur())
}

export async function click(el: Element): Promise<void> {
  await act(async () => (el as HTMLElement).click())
}

/** The CodeMirror view inside the YAML pane. */
export function editorView(root: ParentNode): EditorView {
  const dom = root.querySelector<HTMLElement>('[data-testid="yaml-editor"] .cm-editor')
  if (!dom) throw new Error('no YAML editor rendered')
  const view = EditorView.findFromDOM(dom)
  if (!view) throw new Error('no EditorView on the editor element')
  return view
}

export function editorText(root: ParentNode): string {
  return editorView(root).state.doc.toString()
}

/** Replaces `from` with `to` in the editor as a user edit would (a transaction from the view). */
export async function editYaml(root: ParentNode, from: string, to: string): Promise<void> {
  const view = editorView(root)
  const text = view.state.doc.toString()
  const at = text.indexOf(from)
  if (at < 0) throw new Error(`"${from}" is not in the editor`)
  await act(async () => {
    view.dispatch({ changes: { from: at, to: at + from.length, insert: to }, userEvent: 'input.type' })
  })
}

export function byLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): T {
  const direct = root.querySelector<T>(`[aria-label="${label}"]`)
  if (direct) return direct
  for (const l of root.querySelectorAll('label')) {
    if (l.textContent?.trim() !== label) continue
    const el = l.htmlFor ? (root as Document | Element).querySelector<T>(`[id="${l.htmlFor}"]`) : null
    if (el) return el
  }
  throw new Error(`no control labelled "${label}"`)
}

export function buttonByText(root: ParentNode, text: string): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find((x) => x.textContent?.trim() === text)
  if (!b) throw new Error(`no button "${text}"`)
  return b
}
