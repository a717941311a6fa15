import type { SweepFile, SweepFileResult } from './sweep-file.ts'

export interface SweepFileOpenerDeps {
  read(path: string): Promise<SweepFileResult>
  /** Hands the file to the window's new-sweep screen (and brings the window forward). */
  deliver(file: SweepFile): void
  /** A modal error naming the file and the reason (Electron's dialog.showErrorBox). */
  showError(title: string, body: string): void
  /** Open Recent bookkeeping. */
  remember(path: string): void
  forget(path: string): void
}

/**
 * Opens a sweep file from any source (menu, dialog, Open Recent, a dropped file, a file argument,
 * a second instance): reads it, then either delivers it or says why not. Opens run one after the
 * other, so files dropped together arrive in order. Resolves whether the file was delivered.
 */
export function createSweepFileOpener(deps: SweepFileOpenerDeps): (path: string) => Promise<boolean> {
  let queue: Promise<unknown> = Promise.resolve()
  async function open(path: string): Promise<boolean> {
    const res = await deps.read(path)
    if (!res.ok) {
      deps.forget(res.path)
      deps.showError('Cannot open sweep file', `${res.path}\n\n${res.reason}`)
      return false
    }
    deps.remember(res.file.fileName)
    deps.deliver(res.file)
    return true
  }
  return (path) => {
    const next = queue.then(() => open(path))
    queue = next.catch(() => undefined)
    return next
  }
}
