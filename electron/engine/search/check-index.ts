import { SweeplabError } from '../../../shared/errors.ts'

/** Samplers take a trial index: a non-negative safe integer below the sequence's total. */
export function checkIndex(index: number, total: number | null): void {
  if (!Number.isSafeInteger(index) || index < 0 || (total !== null && index >= total)) {
    throw new SweeplabError('internal', `trial index ${index} is outside the search sequence (0..${total === null ? '∞' : total - 1})`)
  }
}
