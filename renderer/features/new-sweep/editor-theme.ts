import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import type { Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'

/**
 * The editor in the app's colours: every colour is a theme variable, so light and dark follow
 * `data-theme` with no second theme to switch.
 */
const chrome = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--bg)', height: '100%', fontSize: '13px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--cm-selection)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-raised)', color: 'var(--fg-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)', color: 'var(--fg)' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--cm-selection)', outline: '1px solid var(--border)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg-raised)', color: 'var(--fg)', border: '1px solid var(--border)', borderRadius: 'var(--radius)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--tone-danger-fg)' },
  '.cm-panels': { backgroundColor: 'var(--bg-raised)', color: 'var(--fg)' },
  '.cm-searchMatch': { backgroundColor: 'var(--tone-warning-bg)' },
})

/**
 * CodeMirror's default token colours, each routed through a CSS variable (`--cm-c-219` for #219)
 * that new-sweep.css redefines for the dark theme; the defaults are too dark to read on it.
 */
const highlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => {
    const color = spec.color
    return typeof color === 'string' && color.startsWith('#') ? { ...spec, color: `var(--cm-c-${color.slice(1)}, ${color})` } : spec
  }),
)

export const editorTheme: Extension = [chrome, syntaxHighlighting(highlight)]
