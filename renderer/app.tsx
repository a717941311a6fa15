import { lazy, Suspense, useState } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { Transport } from '../shared/api/contract.ts'
import { ApiProvider } from './api/api-context.tsx'
import { pickTransport } from './api/transport.ts'
import { useEngineEvents } from './data/use-engine-events.ts'
import { SweepList } from './features/sweep-list/sweep-list.tsx'
import { useRoute } from './route.ts'
import './ui/theme.css'
import './app.css'

// The detail screen carries Plotly (~1.4 MB); loading it on demand keeps the list quick to open.
const SweepDetail = lazy(async () => ({ default: (await import('./features/sweep-detail/sweep-detail.tsx')).SweepDetail }))

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

function Shell() {
  useEngineEvents()
  const route = useRoute()
  return (
    <div className="app">
      <header className="app-header">
        <h1><a href="#/">Sweeplab</a></h1>
      </header>
      <main className="app-main">
        {route.name === 'sweep' ? (
          <Suspense fallback={<p className="muted" aria-busy="true">Loading…</p>}>
            <SweepDetail sweepId={route.sweepId} />
          </Suspense>
        ) : (
          <SweepList />
        )}
      </main>
    </div>
  )
}
