import { act, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'

// Tells React that updates are wrapped in act(), so it flushes them and does not warn.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

export interface Rendered {
  container: HTMLElement
  unmount(): void
}

/** Minimal render for component tests (no testing-library): react-dom/client inside act(). */
export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div')
  document.body.appendChild(container)
  let root!: Root
  await act(async () => {
    root = createRoot(container)
    root.render(ui)
  })
  return {
    container,
    unmount() {
      act(() => root.unmount())
      container.remove()
    },
  }
}

/** Lets queries resolve (promises and timers) until `check` passes or the time runs out. */
export async function waitFor(check: () => void, timeoutMs = 2000): Promise<void> {
  const start = Date.now()
  for (;;) {
    try {
      check()
      return
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e
    }
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10))
    })
  }
}
