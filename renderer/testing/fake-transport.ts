import type { ApiMethod, SweeplabApi, SweeplabEvent, Transport } from '../../shared/api/contract.ts'
import type { SweepSummary, TrialSummary } from '../../shared/api/types.ts'

type Handlers = { [M in ApiMethod]?: (args: Parameters<SweeplabApi[M]>[0]) => Awaited<ReturnType<SweeplabApi[M]>> | Promise<Awaited<ReturnType<SweeplabApi[M]>>> }

export interface FakeTransport extends Transport {
  emit(ev: SweeplabEvent): void
  calls: { method: string; args: unknown }[]
}

/** A Transport for component tests: answers from `handlers`, records calls, and lets the test push events. */
export function createFakeTransport(handlers: Handlers): FakeTransport {
  const listeners = new Set<(ev: SweeplabEvent) => void>()
  const calls: { method: string; args: unknown }[] = []
  return {
    calls,
    async call(req) {
      calls.push({ method: req.method, args: req.args })
      const h = handlers[req.method as ApiMethod] as ((args: unknown) => unknown) | undefined
      if (!h) return { id: req.id, ok: false, error: { code: 'internal', message: `fake transport: no handler for ${req.method}` } }
      try {
        return { id: req.id, ok: true, result: await h(req.args) }
      } catch (e) {
        return { id: req.id, ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } }
      }
    },
    subscribe(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    emit(ev) {
      for (const l of listeners) l(ev)
    },
  }
}

export function makeSweep(over: Partial<SweepSummary> = {}): SweepSummary {
  return {
    id: 1, name: 'spam-grid', method: 'grid', status: 'running', metricName: 'val_loss', metricGoal: 'minimize',
    total: 12, counts: { completed: 3, running: 2 }, done: 3, bestValue: 0.2345, bestTrialId: 2,
    createdAt: Date.now() - 5 * 60_000, startedAt: Date.now() - 4 * 60_000, endedAt: null, error: null,
    waiting: null, timing: { finished: 3, meanMs: 60_000, sdMs: 10_000, runningSince: [], concurrency: 2 },
    ...over,
  }
}

export function makeTrial(over: Partial<TrialSummary> = {}): TrialSummary {
  return {
    id: 1, sweepId: 1, index: 0, attempt: 1, status: 'completed', params: {}, seed: 1, finalValue: 0.5, bestValue: 0.5,
    startedAt: 1, endedAt: 2, exitCode: 0, signal: null, backend: 'cpu', backendNote: null, error: null, workerId: 0, prunedAtStep: null, failureReason: null, failureNote: null,
    configVersion: 1, rerunOf: null,
    ...over,
  }
}
