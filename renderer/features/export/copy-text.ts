/**
 * Puts `text` on the clipboard. The async Clipboard API is refused on some origins and without a
 * user gesture, so a hidden textarea with `execCommand('copy')` is tried before giving up.
 */
export async function copyText(text: string): Promise<void> {
  let reason: unknown = null
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return
    } catch (e) {
      reason = e
    }
  }
  if (copyWithTextarea(text)) return
  const detail = reason instanceof Error ? ` (${reason.message})` : ''
  throw new Error(`the clipboard is not available here${detail}: select the text and press Ctrl+C`)
}

function copyWithTextarea(text: string): boolean {
  const previous = document.activeElement as HTMLElement | null
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  try {
    return typeof document.execCommand === 'function' && document.execCommand('copy')
  } catch {
    // Some engines throw instead of returning false; either way the fallback did not copy.
    return false
  } finally {
    area.remove()
    previous?.focus()
  }
}
