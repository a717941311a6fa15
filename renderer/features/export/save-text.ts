/** Blob URLs are read after the click returns, so they are released a while later, not at once. */
const REVOKE_AFTER_MS = 30_000

/**
 * Offers `content` as a download named `fileName` (the browser's or Electron's save flow decides
 * where it goes). Nothing leaves the machine: the file is built from a Blob in the page.
 */
export function saveText(content: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}
