import type { SweepDetail } from './api/types.ts'

/** One line about what a sweep's `constraints:` skipped; the CLI's `show` and the app's sweep header say the same. */
export function describeSkippedPoints(skipped: NonNullable<SweepDetail['skipped']>, method: string): string {
  const n = `${skipped.exact ? '' : 'at least '}${skipped.count}`
  if (method === 'grid') {
    const of = skipped.combinations !== undefined ? ` of ${skipped.combinations}` : ''
    return `constraints skipped ${n}${of} grid point${skipped.count === 1 && of === '' ? '' : 's'}`
  }
  return `constraints rejected ${n} sampled point${skipped.count === 1 ? '' : 's'} (drawn again)`
}
