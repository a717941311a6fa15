import { parseByteThreshold } from '../../../shared/byte-size.ts'
import { normalizeGpuShare } from '../../../shared/gpu-share.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/** Rules of `resources`, `keep` and `disk` that zod cannot express (docs/resources.md). */
export function checkResourceRules(data: Readonly<Record<string, unknown>>, hasIssueUnder: (path: DocPath) => boolean): SpecProblem[] {
  const problems: SpecProblem[] = []
  const resources = data.resources
  if (isMap(resources) && typeof resources.gpu === 'number' && !hasIssueUnder(['resources', 'gpu'])) {
    const share = normalizeGpuShare(resources.gpu)
    if ('problem' in share) problems.push(problem('spec/invalid', ['resources', 'gpu'], 'value', share.problem))
  }
  const keep = data.keep
  if (isMap(keep) && keep.best !== undefined && data.metric === undefined && !hasIssueUnder(['keep'])) {
    problems.push(problem('spec/invalid', ['keep', 'best'], 'key', 'keep.best ranks trials by the sweep metric: add metric: {name: val_loss, goal: minimize}'))
  }
  const disk = data.disk
  if (isMap(disk) && typeof disk.min_free === 'string' && !hasIssueUnder(['disk', 'min_free']) && parseByteThreshold(disk.min_free) === undefined) {
    problems.push(problem('spec/invalid', ['disk', 'min_free'], 'value', `expected a size such as 2GB or a share of the disk up to 100%, got ${JSON.stringify(disk.min_free)}`))
  }
  return problems
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
