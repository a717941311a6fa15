import { useEffect, useRef, useState } from 'react'

/**
 * `value`, passed on at most once per `intervalMs`: the first change after a quiet spell at once,
 * later ones at the end of the interval (the latest wins). Live sweeps patch the trial list on every
 * event; the plots should recompute about once a second, not on each one.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [out, setOut] = useState(value)
  const last = useRef(-Infinity)
  useEffect(() => {
    if (Object.is(value, out)) return
    const wait = last.current + intervalMs - Date.now()
    const emit = () => {
      last.current = Date.now()
      setOut(value)
    }
    if (wait <= 0) {
      emit()
      return
    }
    const timer = setTimeout(emit, wait)
    return () => clearTimeout(timer)
  }, [value, out, intervalMs])
  return out
}
