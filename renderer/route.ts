import { useEffect, useState } from 'react'

export type Route =
  | { name: 'sweeps' }
  | { name: 'new-sweep'; example?: string }
  | { name: 'sweep'; sweepId: number }
  | { name: 'trial'; trialId: number }
  | { name: 'datasets'; dataset?: string }

/** Hash routes (`#/`, `#/sweeps/12`) work the same from file:// in Electron and from the HTTP server. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '')
  const [pathname = '', query = ''] = path.split('?', 2)
  let m = /^\/sweeps\/(\d+)\/?$/.exec(pathname)
  if (m) return { name: 'sweep', sweepId: Number(m[1]) }
  m = /^\/trials\/(\d+)\/?$/.exec(pathname)
  if (m) return { name: 'trial', trialId: Number(m[1]) }
  if (/^\/new\/?$/.test(pathname)) {
    const example = new URLSearchParams(query).get('example')
    return example ? { name: 'new-sweep', example } : { name: 'new-sweep' }
  }
  m = /^\/datasets(?:\/([^/]+))?\/?$/.exec(pathname)
  if (m) return m[1] ? { name: 'datasets', dataset: decodeURIComponent(m[1]) } : { name: 'datasets' }
  return { name: 'sweeps' }
}

/** The hash for a route; the inverse of `parseRoute`. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'sweeps': return '#/'
    case 'new-sweep': return route.example ? `#/new?example=${encodeURIComponent(route.example)}` : '#/new'
    case 'sweep': return `#/sweeps/${route.sweepId}`
    case 'trial': return `#/trials/${route.trialId}`
    case 'datasets': return route.dataset ? `#/datasets/${encodeURIComponent(route.dataset)}` : '#/datasets'
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route)
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
