import { useSyncExternalStore } from 'react'

/** A sweep file opened from outside the new-sweep screen (menu, dialog, drag and drop), waiting to be shown there. */
export interface IncomingSpecFile {
  id: number
  text: string
  fileName: string
}

let pending: IncomingSpecFile | null = null
let nextId = 1
const listeners = new Set<() => void>()

function notify(): void {
  for (const l of listeners) l()
}

/** Hands a file to the new-sweep screen; a newer file replaces one not yet shown. */
export function offerSpecFile(file: { text: string; fileName: string }): IncomingSpecFile {
  pending = { id: nextId++, text: file.text, fileName: file.fileName }
  notify()
  return pending
}

/** Marks the pending file as shown. */
export function takeSpecFile(id: number): void {
  if (pending?.id !== id) return
  pending = null
  notify()
}

export function peekSpecFile(): IncomingSpecFile | null {
  return pending
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb)
  return () => listeners.delete(cb)
}

/** The file waiting to be shown, re-rendering when one arrives. */
export function usePendingSpecFile(): IncomingSpecFile | null {
  return useSyncExternalStore(subscribe, peekSpecFile)
}
