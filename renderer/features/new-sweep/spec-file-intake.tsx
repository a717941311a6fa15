import { useCallback, useEffect, useState } from 'react'
import { useOpenSweepFileEvents } from '../../data/new-sweep-queries.ts'
import { navigate } from '../../route.ts'
import { offerSpecFile } from './pending-spec-file.ts'
import { isSpecFileName, readSpecFile } from './spec-file-types.ts'
import './spec-file-intake.css'

/** A refused drop's message stays this long unless dismissed. */
const MESSAGE_MS = 10_000

/** The desktop window: its preload put the API transport on `window`. */
function inDesktopShell(): boolean {
  return window.sweeplab !== undefined
}

/**
 * Opens sweep files that arrive from outside the new-sweep screen: the desktop shell's menu, dialog
 * or file argument (the `open-sweep-file` event), and files dragged onto the window. Either way the
 * new-sweep screen shows the file. Mount once, in the app shell.
 */
export function SpecFileIntake() {
  const [dragging, setDragging] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const open = useCallback((file: { text: string; fileName: string }) => {
    offerSpecFile(file)
    setMessage(null)
    navigate({ name: 'new-sweep' })
  }, [])

  useOpenSweepFileEvents((file) => {
    setDragging(false)
    open(file)
  })

  useEffect(() => {
    if (message === null) return
    const timer = setTimeout(() => setMessage(null), MESSAGE_MS)
    return () => clearTimeout(timer)
  }, [message])

  useEffect(() => {
    const desktop = inDesktopShell()
    // dragenter/dragleave fire for every element crossed; the overlay goes when the count is back to 0.
    let depth = 0
    const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return
      depth++
      setDragging(true)
    }
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return
      // Cancelling dragover is what lets the drop event fire at all.
      e.preventDefault()
      e.stopPropagation()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return
      depth = 0
      setDragging(false)
      // Not the editor's drop: CodeMirror would paste the file's text where it fell.
      e.stopPropagation()
      const files = [...(e.dataTransfer?.files ?? [])]
      const file = files[0]
      if (files.length !== 1 || !file) {
        e.preventDefault()
        setMessage(`Drop one sweep file at a time (${files.length} were dropped).`)
        return
      }
      if (!isSpecFileName(file.name)) {
        e.preventDefault()
        setMessage(`${file.name} is not a sweep file: drop a .yaml, .yml or .json file.`)
        return
      }
      // The desktop shell reads the file itself, with its full path (so relative paths resolve), from
      // the navigation Chromium starts for an uncancelled file drop; it answers with open-sweep-file.
      if (desktop) return
      e.preventDefault()
      void readSpecFile(file).then((read) => (read.ok ? open(read) : setMessage(read.message)))
    }
    const types = [['dragenter', onEnter], ['dragleave', onLeave], ['dragover', onOver], ['drop', onDrop]] as const
    for (const [type, fn] of types) window.addEventListener(type, fn, true)
    return () => {
      for (const [type, fn] of types) window.removeEventListener(type, fn, true)
    }
  }, [open])

  return (
    <>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-overlay-box">
            Drop a sweep file to open it
            <p>YAML (.yaml, .yml) or JSON; it opens in the new-sweep screen</p>
          </div>
        </div>
      )}
      {message && (
        <div className="error-box intake-message" role="alert">
          <span>{message}</span>
          <button type="button" onClick={() => setMessage(null)}>Dismiss</button>
        </div>
      )}
    </>
  )
}
