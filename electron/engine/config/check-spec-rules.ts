import { durationToSeconds, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, type EarlyTerminateSpec } from '../../../shared/sweep-spec.ts'
import { earlyTerminateProblem } from '../pruning/create-pruner.ts'
import { findCommandProblems, formatArgValue } from './command-macros.ts'
import { describeValue } from './describe-value.ts'
import { checkResourceRules } from './check-resource-rules.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/** Top-level rules zod cannot express: what a trial runs, the search method, command macros, timeout bounds. */
export function checkSpecRules(data: Readonly<Record<string, unknown>>, hasIssueUnder: (path: DocPath) => boolean): SpecProblem[] {
  const problems: SpecProblem[] = []
  // W&B's rule: bayes models the metric, so it needs one; Sweeplab's `bayes:` options need the method.
  if (data.method === 'bayes' && data.metric === undefined) {
    problems.push(problem('spec/invalid', ['method'], 'value', 'method bayes optimizes a metric: add metric: {name: val_loss, goal: minimize} (the name your trials report)'))
  }
  if (data.bayes !== undefined && data.method !== 'bayes' && typeof data.method === 'string') {
    problems.push(problem('spec/invalid', ['bayes'], 'key', `bayes options apply to method: bayes only (this sweep is method: ${data.method}); remove them or set method: bayes`))
  }

  const { parameters } = data
  if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) && Object.keys(parameters).length === 0) {
    problems.push(problem('spec/invalid', ['parameters'], 'value', 'expected at least one parameter, got an empty mapping'))
  }

  const has = (key: string): boolean => data[key] !== undefined
  if (!has('program') && !has('command') && !has('trainer')) {
    problems.push(problem('spec/invalid', [], 'value', 'nothing to run: set program (your script), command, or trainer'))
  }
  if (has('trainer') && (has('program') || has('command'))) {
    problems.push(problem('spec/invalid', ['trainer'], 'key', 'trainer cannot be combined with program or command: a trial runs either a built-in trainer or your command'))
  }
  if (Array.isArray(data.command) && !hasIssueUnder(['command'])) {
    for (const p of findCommandProblems(normalizeCommand(data.command), has('program'))) problems.push(problem('spec/invalid', ['command', p.index], 'value', p.message))
  }
  const et = data.early_terminate
  if (typeof et === 'object' && et !== null && !hasIssueUnder(['early_terminate'])) {
    // Checked here rather than when the sweep starts, so the editor and `sweeplab run` point at the line.
    const message = earlyTerminateProblem(et as EarlyTerminateSpec, has('metric'))
    if (message) problems.push(problem('spec/invalid', ['early_terminate'], 'value', message.replace(/^early_terminate: /, '')))
  }
  const timeoutProblem = has('timeout') && !hasIssueUnder(['timeout']) ? checkTimeout(data.timeout) : undefined
  if (timeoutProblem) problems.push(timeoutProblem)
  problems.push(...checkResourceRules(data, hasIssueUnder))
  return problems
}

/** `0s` matches the duration pattern and `600h` overflows Node's timer (see MAX_TIMEOUT_SECONDS). */
function checkTimeout(timeout: unknown): SpecProblem | undefined {
  if (typeof timeout !== 'number' && typeof timeout !== 'string') return undefined
  const seconds = durationToSeconds(timeout)
  if (seconds === undefined || (seconds >= MIN_TIMEOUT_SECONDS && seconds <= MAX_TIMEOUT_SECONDS)) return undefined
  return problem('spec/invalid', ['timeout'], 'value', `expected a duration between 1ms and 24 days, got ${describeValue(timeout)}`)
}

/** W&B `str()`s every command element; numbers and booleans written in YAML become text. */
export function normalizeCommand(command: ReadonlyArray<unknown>): string[] {
  return command.map((c) => (typeof c === 'string' ? c : formatArgValue(c)))
}
