import { useEffect, useState } from 'react'
import type { CompareRef } from '../shared/api/compare-types.ts'

export type Route =
  | { name: 'sweeps' }
  | { name: 'new-sweep'; example?: string }
  | { name: 'sweep'; sweepId: number }
  | { name: 'trial'; trialId: number }
  | { name: 'datasets'; dataset?: string }
  | { name: 'compare'; sweeps: CompareRef[] }

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
  if (/^\/compare\/?$/.test(pathname)) return { name: 'compare', sweeps: parseCompareRefs(new URLSearchParams(query).getAll('s')) }
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
    case 'compare': return `#/compare?${route.sweeps.map((r) => `s=${encodeURIComponent(r.workspace ? `${r.workspace}:${r.sweepId}` : String(r.sweepId))}`).join('&')}`
  }
}

/** `s=12` is a sweep of the open workspace, `s=/path/other.db:12` one of another file (read-only); anything else is skipped. */
function parseCompareRefs(values: readonly string[]): CompareRef[] {
  const refs: CompareRef[] = []
  for (const v of values) {
    const m = /^(?:(.+):)?([1-9]\d*)$/.exec(v)
    if (m) refs.push(m[1] ? { sweepId: Number(m[2]), workspace: m[1] } : { sweepId: Number(m[2]) })
  }
  return refs
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
