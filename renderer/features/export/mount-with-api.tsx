import type { ReactNode } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
// eslint-disable-next-line no-restricted-imports -- a test mounts a screen the way App does: the client injected at the root.
import { ApiProvider } from '../../api/api-context.tsx'
import { useEngineEvents } from '../../data/use-engine-events.ts'
import type { FakeTransport } from '../../testing/fake-transport.ts'
import { render, type Rendered } from '../../testing/render.tsx'

/**
 * Test helper: renders `ui` the way App mounts a screen: the API over `transport`, a query client
 * that does not retry, and the engine-event subscription (events go through `transport.emit`).
 */
export function mountWithApi(ui: ReactNode, transport: FakeTransport): Promise<Rendered> {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <ApiProvider transport={transport}>
      <QueryClientProvider client={qc}>
        <EngineEvents />
        {ui}
      </QueryClientProvider>
    </ApiProvider>,
  )
}

function EngineEvents() {
  useEngineEvents()
  return null
}
