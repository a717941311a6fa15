import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { createApiClient, type SweeplabClient } from '../../shared/api/client.ts'
import type { Transport } from '../../shared/api/contract.ts'

const ApiContext = createContext<SweeplabClient | null>(null)

/** Injects the API client built over `transport`; tests pass a fake transport here. */
export function ApiProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  const client = useMemo(() => createApiClient(transport), [transport])
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>
}

/** Only renderer/data/ calls this (lint enforces it): components go through query and mutation hooks. */
export function useApi(): SweeplabClient {
  const client = useContext(ApiContext)
  if (!client) throw new Error('useApi() needs an <ApiProvider> above it')
  return client
}
