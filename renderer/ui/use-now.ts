import { useEffect, useState } from 'react'

/** The current time, refreshed every `intervalMs`, for relative times and running durations. */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    // A faster interval (a trial just started running) should not show a stale clock until its first tick.
    setNow(Date.now())
    const t = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(t)
  }, [intervalMs])
  return now
}
