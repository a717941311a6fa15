import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { Transport } from '../shared/api/contract.ts'
import { ApiProvider } from './api/api-context.tsx'
import { pickTransport } from './api/transport.ts'
import { useEngineEvents } from './data/use-engine-events.ts'
import { Datasets } from './features/datasets/datasets.tsx'
import { NewSweep } from './features/new-sweep/new-sweep.tsx'
import { SpecFileIntake } from './features/new-sweep/spec-file-intake.tsx'
import { SweepList } from './features/sweep-list/sweep-list.tsx'
import { ReadOnlyBanner } from './features/workspace/read-only-banner.tsx'
import { useWorkspace } from './data/compare-queries.ts'
import { routeHref, useRoute, type Route } from './route.ts'
import { ThemeToggle } from './ui/theme-toggle.tsx'
import './ui/theme.css'
import './app.css'

// The screens with plots carry Plotly (~1.4 MB); loading them on demand keeps the list quick to open.
const loadSweepDetail = () => import('./features/sweep-detail/sweep-detail.tsx')
const loadTrialDetail = () => import('./features/trial-detail/trial-detail.tsx')
const loadCompare = () => import('./features/compare/compare-view.tsx')
const SweepDetail = lazy(async () => ({ default: (await loadSweepDetail()).SweepDetail }))
const TrialDetail = lazy(async () => ({ default: (await loadTrialDetail()).TrialDetail }))
const CompareView = lazy(async () => ({ default: (await loadCompare()).CompareView }))

/** Fetches the plot screens' chunks once the first screen is up, so opening a sweep does not wait for them. */
function usePrefetchPlotScreens(): void {
  useEffect(() => {
    const t = setTimeout(() => {
      void loadSweepDetail().catch(() => undefined)
      void loadTrialDetail().catch(() => undefined)
    }, 1_000)
    return () => clearTimeout(t)
  }, [])
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Engine events keep the cache fresh; refetching on focus would only duplicate them.
      queries: { refetchOnWindowFocus: false, staleTime: 30_000, retry: 1 },
    },
  })
}

export function App({ transport, queryClient }: { transport?: Transport; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient())
  const [tx] = useState(() => transport ?? pickTransport())
  return (
    <ApiProvider transport={tx}>
      <QueryClientProvider client={client}>
        <Shell />
      </QueryClientProvider>
    </ApiProvider>
  )
}

const NAV: { label: string; route: Route; active: (r: Route) => boolean }[] = [
  { label: 'Sweeps', route: { name: 'sweeps' }, active: (r) => r.name === 'sweeps' || r.name === 'sweep' || r.name === 'trial' || r.name === 'compare' },
  { label: 'New sweep', route: { name: 'new-sweep' }, active: (r) => r.name === 'new-sweep' },
  { label: 'Datasets', route: { name: 'datasets' }, active: (r) => r.name === 'datasets' },
]

function Shell() {
  useEngineEvents()
  usePrefetchPlotScreens()
  const route = useRoute()
  // A read-only workspace cannot start sweeps: the nav does not offer it (the banner says why).
  const readOnly = useWorkspace().data?.readOnly === true
  return (
    <div className="app">
      <header className="app-header">
        <h1><a href="#/">Sweeplab</a></h1>
        <nav aria-label="Main" className="app-nav">
          {NAV.filter((n) => !(readOnly && n.route.name === 'new-sweep')).map((n) => (
            <a key={n.label} href={routeHref(n.route)} aria-current={n.active(route) ? 'page' : undefined}>{n.label}</a>
          ))}
        </nav>
        <span className="app-header-spacer" />
        <ThemeToggle />
      </header>
      <ReadOnlyBanner />
      <SpecFileIntake />
      <main className="app-main">
        <Screen route={route} />
      </main>
    </div>
  )
}

function Screen({ route }: { route: Route }): ReactNode {
  switch (route.name) {
    case 'sweeps': return <SweepList />
    case 'new-sweep': return <NewSweep example={route.example} />
    case 'datasets': return <Datasets dataset={route.dataset} />
    case 'sweep': return <Lazy><SweepDetail key={route.sweepId} sweepId={route.sweepId} /></Lazy>
    case 'trial': return <Lazy><TrialDetail key={route.trialId} trialId={route.trialId} /></Lazy>
    case 'compare': return <Lazy><CompareView sweeps={route.sweeps} /></Lazy>
  }
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="muted" aria-busy="true">Loading…</p>}>{children}</Suspense>
}
