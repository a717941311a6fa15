import { useEffect, useState } from 'react'

export type Route = { name: 'sweeps' } | { name: 'sweep'; sweepId: number }

/** Hash routes (`#/`, `#/sweeps/12`) work the same from file:// in Electron and from the HTTP server. */
export function parseRoute(hash: string): Route {
  const m = /^#\/sweeps\/(\d+)\/?$/.exec(hash)
  if (m) return { name: 'sweep', sweepId: Number(m[1]) }
  return { name: 'sweeps' }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
