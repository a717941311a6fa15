// @vitest-environment happy-dom
import { act, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { render, type Rendered } from '../../testing/render.tsx'
import { editorText, editYaml } from './dom-test-helpers.ts'
import { YamlEditor } from './yaml-editor.tsx'

let view: Rendered | undefined
afterEach(() => view?.unmount())

/** A parent that owns the text, as NewSweep does, and can set it from outside the editor. */
function harness(initial: string) {
  const seen: string[] = []
  let setFromOutside!: (t: string) => void
  function Parent() {
    const [text, setText] = useState(initial)
    setFromOutside = setText
    return <YamlEditor value={text} onChange={(t) => { seen.push(t); setText(t) }} problems={[]} checkedText={undefined} label="Sweep file" />
  }
  return { Parent, seen, set: (t: string) => act(async () => setFromOutside(t)) }
}

describe('YamlEditor', () => {
  it('reports typing and shows text set from outside without echoing it back', async () => {
    const h = harness('name: a\n')
    view = await render(<h.Parent />)
    const c = view.container
    expect(c.querySelector('[data-testid="yaml-editor"] .cm-content')!.getAttribute('aria-label')).toBe('Sweep file')
    await editYaml(c, 'name: a', 'name: typed')
    expect(h.seen).toEqual(['name: typed\n'])
    await h.set('name: form\n')
    expect(editorText(c)).toBe('name: form\n')
    // Back to exactly what was last typed: the editor must follow, not assume it still holds it.
    await h.set('name: typed\n')
    expect(editorText(c)).toBe('name: typed\n')
    expect(h.seen).toEqual(['name: typed\n'])
  })
})
