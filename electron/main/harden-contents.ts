import type { WebContents } from 'electron'

/**
 * Denials for every web contents the app creates (Electron's checklist items 13 and 14, applied
 * from `web-contents-created` so nothing is missed): no new windows, no navigation a page starts,
 * no <webview>. The main window adds its own, finer handlers on top (main-window.ts).
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
