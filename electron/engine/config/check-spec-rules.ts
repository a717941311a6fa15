import { durationToSeconds, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../../../shared/sweep-spec.ts'
import { findCommandProblems, formatArgValue } from './command-macros.ts'
import { describeValue } from './describe-value.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/** Top-level rules zod cannot express: what a trial runs, the search method, command macros, timeout bounds. */
export function checkSpecRules(data: Readonly<Record<string, unknown>>, hasIssueUnder: (path: DocPath) => boolean): SpecProblem[] {
  const problems: SpecProblem[] = []
  if (data.method === 'bayes') {
    problems.push(
      problem('spec/unsupported-method', ['method'], 'value', 'method bayes arrives in a later version of Sweeplab; use method: random meanwhile (it takes the same parameters)'),
    )
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
  const timeoutProblem = has('timeout') && !hasIssueUnder(['timeout']) ? checkTimeout(data.timeout) : undefined
  if (timeoutProblem) problems.push(timeoutProblem)
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
