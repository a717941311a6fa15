// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, useState } from 'react'
import { render, type Rendered } from '../../testing/render.tsx'
import { useThrottledValue } from './use-throttled-value.ts'

let view: Rendered | undefined
const seen: number[] = []
let set!: (v: number) => void

function Host() {
  const [value, setValue] = useState(0)
  set = setValue
  const v = useThrottledValue(value, 1000)
  if (seen[seen.length - 1] !== v) seen.push(v)
  return <span>{v}</span>
}

beforeEach(() => {
  vi.useFakeTimers({ now: 10_000 })
  seen.length = 0
})
afterEach(() => {
  view?.unmount()
  vi.useRealTimers()
})

describe('useThrottledValue', () => {
  it('passes the first change at once, then at most one value per interval, the latest one', async () => {
    view = await render(<Host />)
    await act(() => set(1))
    expect(seen).toEqual([0, 1])
    await act(() => set(2))
    await act(() => set(3))
    await act(() => { vi.advanceTimersByTime(500) })
    expect(seen).toEqual([0, 1])
    await act(() => { vi.advanceTimersByTime(500) })
    // 2 was superseded before the interval ended: only 3 comes through.
    expect(seen).toEqual([0, 1, 3])
    // After a quiet spell the next change is immediate again.
    await act(() => { vi.advanceTimersByTime(5000) })
    await act(() => set(4))
    expect(seen).toEqual([0, 1, 3, 4])
  })
})
