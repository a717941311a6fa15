import { useRef } from 'react'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { useSpecValidation } from '../../data/new-sweep-queries.ts'
import { useDebouncedValue } from './use-debounced-value.ts'

/** Typing pauses this long before the engine checks the file again. */
export const CHECK_DEBOUNCE_MS = 300

export type SpecCheck =
  | { state: 'checking'; problems: readonly ErrorLocation[]; checkedText: string | undefined }
  | { state: 'valid'; total: number | null; problems: readonly ErrorLocation[]; checkedText: string; grid?: { combinations: number; skipped: number } }
  | { state: 'invalid'; problems: readonly ErrorLocation[]; checkedText: string }
  | { state: 'error'; message: string; problems: readonly ErrorLocation[]; checkedText: string | undefined }

/**
 * Live validation by the engine itself: `text` is checked once typing pauses. Until the answer for
 * the current text arrives, the last answer's problems stay listed (and drawn, mapped through edits).
 */
export function useSpecCheck(text: string, fileName: string | undefined): SpecCheck {
  const settled = useDebouncedValue(text, CHECK_DEBOUNCE_MS)
  const query = useSpecValidation(settled, fileName)
  const last = useRef<{ text: string; problems: readonly ErrorLocation[] } | undefined>(undefined)
  const fresh = query.isSuccess && !query.isPlaceholderData
  if (fresh) last.current = { text: settled, problems: query.data.problems }
  const problems = last.current?.problems ?? []

  if (query.isError) return { state: 'error', message: query.error.message, problems, checkedText: last.current?.text }
  if (!fresh || settled !== text || query.isFetching) return { state: 'checking', problems, checkedText: last.current?.text }
  return query.data.ok
    ? { state: 'valid', total: query.data.total, problems: [], checkedText: settled, ...(query.data.grid ? { grid: query.data.grid } : {}) }
    : { state: 'invalid', problems: query.data.problems, checkedText: settled }
}
