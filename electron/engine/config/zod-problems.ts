import { executorSpecSchema } from '../../../shared/executor-spec.ts'
import type { z } from 'zod'
import {
  PARAMETER_KEYS,
  earlyTerminateSchema,
  metricSpecSchema,
  resourcesSchema,
  keepSpecSchema,
  diskSpecSchema,
  sweepSpecSchema,
} from '../../../shared/sweep-spec.ts'
import { describeExpected, describeValue, suggestClosest } from './describe-value.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

type Issue = z.core.$ZodIssue

/** W&B keys that have no offline meaning, with what to do instead. */
const UNSUPPORTED_WANDB_KEYS: Readonly<Record<string, string>> = {
  job: "'job' is a W&B Launch key; Sweeplab runs trials locally: use program or command",
  image_uri: "'image_uri' is a W&B Launch key; Sweeplab runs trials locally: use program or command",
  scheduler: "'scheduler' (W&B custom schedulers) is not supported; use method: grid, random or bayes",
  metrics: "'metrics' (multi-objective) is not supported; name one metric under metric",
}

/** Converts zod issues into located-to-be problems with "expected …, got …" messages. */
export function convertZodIssues(issues: ReadonlyArray<Issue>, data: unknown): SpecProblem[] {
  return issues.flatMap((issue) => convertIssue(issue, [], data))
}

function convertIssue(issue: Issue, prefix: DocPath, data: unknown): SpecProblem[] {
  const path: DocPath = [...prefix, ...(issue.path as ReadonlyArray<string | number>)]
  const value = valueAt(data, path)
  const got = `got ${describeValue(value)}`
  if (value === undefined && path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    const expected = issue.code === 'invalid_type' ? describeExpected(issue.expected) : `one of ${issue.values.map(String).join(', ')}`
    return [problem('spec/invalid', path, 'parent', `missing required key '${String(path[path.length - 1])}'; expected ${describeExpectedAt(path, expected)}`)]
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => problem('spec/invalid', [...path, key], 'key', describeUnknownKey(key, path)))
    case 'invalid_key': {
      const key = path[path.length - 1]
      const reason = issue.issues[0]?.message ?? 'invalid name'
      return [problem('spec/invalid', path, 'key', `invalid name ${JSON.stringify(key)}: ${reason}`)]
    }
    case 'invalid_type': {
      const hint = isParameterPath(path) && issue.expected === 'object' ? `; for a constant write {value: ${JSON.stringify(value)}}` : ''
      return [problem('spec/invalid', path, 'value', `expected ${describeExpected(issue.expected)}, ${got}${hint}`)]
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String)
      const hint = typeof value === 'string' ? suggestClosest(value, allowed) : undefined
      return [problem('spec/invalid', path, 'value', `expected one of ${allowed.join(', ')}, ${got}${hint ? ` (did you mean '${hint}'?)` : ''}`)]
    }
    case 'too_small':
    case 'too_big':
      return [problem('spec/invalid', path, 'value', `${describeBound(issue)}, ${got}`)]
    case 'invalid_format':
      return [problem('spec/invalid', path, 'value', `${issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`}, ${got}`)]
    case 'invalid_union':
      return convertUnion(issue, path, data)
    default:
      return [problem('spec/invalid', path, 'value', `${issue.message}, ${got}`)]
  }
}

/** A union fails on every branch: report the branch the value was meant for, or list what would do. */
function convertUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: DocPath, data: unknown): SpecProblem[] {
  const meant = issue.errors.find((branch) => branch.some((i) => i.code !== 'invalid_type' || i.path.length > 0))
  if (meant) return meant.flatMap((i) => convertIssue(i, path, data))
  const expected = [...new Set(issue.errors.flatMap((branch) => branch.map((i) => (i.code === 'invalid_type' ? describeExpected(i.expected) : i.message))))]
  return [problem('spec/invalid', path, 'value', `expected ${expected.join(' or ')}, got ${describeValue(valueAt(data, path))}`)]
}

function describeBound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small'
  const limit = small ? issue.minimum : issue.maximum
  if (issue.origin === 'array') return small ? `expected at least ${limit} item(s)` : `expected at most ${limit} item(s)`
  if (issue.origin === 'string') return small ? (Number(limit) <= 1 ? 'expected a non-empty string' : `expected at least ${limit} characters`) : `expected at most ${limit} characters`
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<'
  return `expected a number ${op} ${limit}`
}

function describeExpectedAt(path: DocPath, expected: string): string {
  return path.length === 1 && path[0] === 'method' ? 'one of grid, random, bayes' : expected
}

/** `parameters.<name>` or `parameters.<name>.parameters.<name>`... */
function isParameterPath(path: DocPath): boolean {
  return path[0] === 'parameters' && path.length % 2 === 0
}

function describeUnknownKey(key: string, parentPath: DocPath): string {
  // Own keys only: a key named toString or constructor is just an unknown key.
  if (parentPath.length === 0 && Object.hasOwn(UNSUPPORTED_WANDB_KEYS, key)) return UNSUPPORTED_WANDB_KEYS[key] as string
  const allowed = allowedKeysAt(parentPath)
  if (allowed.length === 0) return `unknown key '${key}'`
  const hint = suggestClosest(key, allowed)
  return `unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of ${allowed.join(', ')}`
}

/** The keys a map at `path` may have, for "expected one of" lists. */
export function allowedKeysAt(path: DocPath): ReadonlyArray<string> {
  if (path.length === 0) return Object.keys(sweepSpecSchema.shape)
  if (path.length === 1) {
    if (path[0] === 'metric') return Object.keys(metricSpecSchema.shape)
    if (path[0] === 'early_terminate') return Object.keys(earlyTerminateSchema.shape)
    if (path[0] === 'resources') return Object.keys(resourcesSchema.shape)
    if (path[0] === 'keep') return Object.keys(keepSpecSchema.shape)
    if (path[0] === 'disk') return Object.keys(diskSpecSchema.shape)
    if (path[0] === 'executor') return Object.keys(executorSpecSchema.shape)
  }
  if (isParameterPath(path)) return PARAMETER_KEYS
  return []
}

export function valueAt(data: unknown, path: DocPath): unknown {
  let current = data
  for (const seg of path) {
    if (current === null || typeof current !== 'object') return undefined
    if (!Object.hasOwn(current, seg)) return undefined
    current = (current as Record<string | number, unknown>)[seg]
  }
  return current
}
