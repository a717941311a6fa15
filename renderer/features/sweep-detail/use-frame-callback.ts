import { useCallback, useEffect, useRef } from 'react'

/**
 * A callback that runs at most once per animation frame with the latest argument: hover events
 * arrive faster than the screen repaints, and every one would re-render the linked views.
 */
export function useFrameCallback<A>(fn: (arg: A) => void): (arg: A) => void {
  const latest = useRef(fn)
  latest.current = fn
  const frame = useRef<number | null>(null)
  const pending = useRef<{ arg: A } | null>(null)
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current)
  }, [])
  return useCallback((arg: A) => {
    pending.current = { arg }
    if (frame.current !== null) return
    frame.current = requestAnimationFrame(() => {
      frame.current = null
      const p = pending.current
      pending.current = null
      if (p) latest.current(p.arg)
    })
  }, [])
}
