import { useEffect } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useApi } from '../api/api-context.tsx'
import { applyEngineEvent } from './apply-engine-event.ts'
import { createThrottledInvalidator } from './throttled-invalidator.ts'

/** Subscribes to engine events and keeps the query cache current. Mount once, at the root. */
export function useEngineEvents(intervalMs = 1000): void {
  const api = useApi()
  const qc = useQueryClient()
  useEffect(() => {
    const invalidator = createThrottledInvalidator(qc, intervalMs)
    const unsubscribe = api.subscribe((ev) => applyEngineEvent(qc, ev, invalidator))
    return () => {
      unsubscribe()
      invalidator.dispose()
    }
  }, [api, qc, intervalMs])
}
