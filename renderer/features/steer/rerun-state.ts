import type { RerunResult } from '../../../shared/api/steering-types.ts'

/** What happens to reruns just queued, in a sentence. */
export function rerunStateText(r: RerunResult): string {
  const n = r.trialIds.length
  const what = `${n} rerun${n === 1 ? '' : 's'} queued`
  switch (r.state) {
    case 'running': return `${what}; running now.`
    case 'requested': return `${what}; process ${r.requestedFrom} runs this sweep and starts them.`
    case 'queued': return `${what}; they start when the sweep is resumed.`
  }
}
