import { useRef } from 'react'

/**
 * The previous array while the new one has the same items in the same order: a recomputed list
 * that did not change (ids of the curves, parameter names) keeps memoized figures and queries still.
 */
export function useStableArray<T>(next: readonly T[]): readonly T[] {
  const ref = useRef(next)
  const prev = ref.current
  if (prev !== next && (prev.length !== next.length || prev.some((v, i) => !Object.is(v, next[i])))) ref.current = next
  return ref.current
}
