import { expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { mergeTrialRows } from './merge-trials.ts'

it('keeps a cached row that is further along than the refetched one, and takes everything else from the refetch', () => {
  const cached = [
    makeTrial({ id: 1, status: 'completed', finalValue: 0.3 }),
    makeTrial({ id: 2, status: 'running', finalValue: null }),
  ]
  const fresh = [
    makeTrial({ id: 1, status: 'running', finalValue: null }),
    makeTrial({ id: 2, status: 'failed', finalValue: null }),
    makeTrial({ id: 3, status: 'queued' }),
  ]
  expect(mergeTrialRows(cached, fresh).map((t) => [t.id, t.status])).toEqual([[1, 'completed'], [2, 'failed'], [3, 'queued']])
  expect(mergeTrialRows(undefined, fresh)).toBe(fresh)
})
