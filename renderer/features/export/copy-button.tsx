import { useEffect, useState } from 'react'
import { copyText } from './copy-text.ts'

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'failed'; message: string }
const CONFIRM_MS = 2000

/**
 * A "Copy" button with a visible, announced confirmation beside it (the button keeps its name so
 * focus and shortcuts stay on it), and the reason shown when the clipboard refuses.
 */
export function CopyButton({ text, label = 'Copy', ariaLabel, disabled }: { text: string; label?: string; ariaLabel?: string; disabled?: boolean }) {
  const [state, setState] = useState<CopyState>({ kind: 'idle' })
  useEffect(() => {
    if (state.kind !== 'copied') return
    const timer = setTimeout(() => setState({ kind: 'idle' }), CONFIRM_MS)
    return () => clearTimeout(timer)
  }, [state])

  const onClick = async () => {
    try {
      await copyText(text)
      setState({ kind: 'copied' })
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) })
    }
  }
  return (
    <span className="copy-button">
      <button type="button" onClick={() => void onClick()} aria-label={ariaLabel} disabled={disabled}>{label}</button>
      <span role="status" className="copy-confirm">{state.kind === 'copied' ? 'Copied' : ''}</span>
      {state.kind === 'failed' && <span role="alert" className="copy-failed">Copy failed: {state.message}</span>}
    </span>
  )
}
