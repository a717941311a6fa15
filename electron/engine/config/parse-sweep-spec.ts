import type { SpecValidation } from '../../../shared/api/types.ts'
import { SweeplabError, formatLocation } from '../../../shared/errors.ts'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { DEFAULT_COMMAND, DURATION_PATTERN, groupMembers, sweepSpecSchema } from '../../../shared/sweep-spec.ts'
import type { SweepParameter, SweepSpec } from '../../../shared/sweep-spec.ts'
import { countGridPoints } from '../search/grid.ts'
import { checkParameters } from './check-parameters.ts'
import { checkSpecRules, normalizeCommand } from './check-spec-rules.ts'
import { checkStdoutMetrics, normalizeStdoutMetrics } from './check-stdout-metrics.ts'
import { checkSpace } from './check-space.ts'
import type { GridCount } from './check-space.ts'
import { checkSuperset } from './check-superset.ts'
import { checkDataSize, checkListEntries, checkTextSize } from './spec-limits.ts'
import { formatDocPath, pickErrorCode, problem } from './spec-problem.ts'
import type { DocPath, SpecErrorCode, SpecProblem } from './spec-problem.ts'
import { loadYamlSource } from './yaml-source.ts'
import type { YamlSource } from './yaml-source.ts'
import { convertZodIssues } from './zod-problems.ts'

/** Problems shown in an error message; the rest are counted. `details.problems` keeps more. */
const MAX_MESSAGE_PROBLEMS = 20
const MAX_DETAIL_PROBLEMS = 200

type Analysis =
  | { ok: true; spec: SweepSpec; total: number | null; grid?: GridCount }
  | { ok: false; code: SpecErrorCode; problems: ErrorLocation[] }

/**
 * Parses a sweep file (YAML or JSON) into a normalized `SweepSpec`. Throws a `SweeplabError`
 * (`spec/parse`, `spec/invalid`, `spec/grid-continuous`, `spec/too-large`)
 * listing every problem found, one `file:line:col key.path: message` per line, in `details.problems` too.
 */
export function parseSweepSpec(text: string, fileName?: string): SweepSpec {
  const result = analyzeSweepSpec(text, fileName)
  if (result.ok) return result.spec
  throw new SweeplabError(result.code, formatProblems(result.problems), { details: { problems: result.problems.slice(0, MAX_DETAIL_PROBLEMS) } })
}

/** The same checks for live validation: never throws for bad input. */
export function validateSweepSpec(text: string, fileName?: string): SpecValidation {
  let result: Analysis
  try {
    result = analyzeSweepSpec(text, fileName)
  } catch (e) {
    // A bug, not bad input; live validation reports it instead of breaking the editor.
    const message = `internal error while validating: ${e instanceof Error ? e.message : String(e)}`
    return { ok: false, problems: [fileName === undefined ? { message } : { file: fileName, message }], total: null }
  }
  return result.ok
    ? { ok: true, problems: [], total: result.total, ...(result.grid ? { grid: { combinations: result.grid.combinations, skipped: result.grid.skipped } } : {}) }
    : { ok: false, problems: result.problems.slice(0, MAX_DETAIL_PROBLEMS), total: null }
}

function analyzeSweepSpec(text: string, fileName: string | undefined): Analysis {
  const fail = (problems: SpecProblem[], source?: YamlSource): Analysis => ({
    ok: false,
    code: pickErrorCode(problems),
    problems: locateProblems(problems, source, fileName),
  })
  const tooBig = checkTextSize(text) ?? checkListEntries(text)
  if (tooBig) return fail([tooBig])
  const loaded = loadYamlSource(text)
  if (!loaded.ok) return fail(loaded.problems)
  const { source } = loaded
  const data = source.data
  if (data === null || data === undefined) {
    return fail([{ ...problem('spec/invalid', [], 'value', 'the file is empty; expected a mapping with at least method, parameters and program (or command, or trainer)'), position: { line: 1, column: 1 } }])
  }
  const sizeProblems = checkDataSize(data)
  if (sizeProblems.length > 0) return fail(sizeProblems, source)

  const parsed = sweepSpecSchema.safeParse(data)
  const problems = parsed.success ? [] : convertZodIssues(parsed.error.issues, data)
  const issuePrefixes = new Set<string>()
  if (!parsed.success) for (const issue of parsed.error.issues) for (let n = 0; n <= issue.path.length; n++) issuePrefixes.add(pathKey(issue.path.slice(0, n) as DocPath))
  const hasIssueUnder = (path: DocPath): boolean => issuePrefixes.has(pathKey(path))

  let parameters: Record<string, SweepParameter> = {}
  if (typeof data === 'object' && !Array.isArray(data)) {
    const raw = data as Record<string, unknown>
    problems.push(...checkSpecRules(raw, hasIssueUnder))
    problems.push(...checkStdoutMetrics(raw, hasIssueUnder))
    if (typeof raw.parameters === 'object' && raw.parameters !== null && !Array.isArray(raw.parameters)) {
      parameters = checkParameters(raw.parameters as Record<string, unknown>, ['parameters'], {
        method: raw.method,
        hasIssueUnder,
        isIntegerLiteral: (path) => source.isIntegerLiteral(path),
        problems,
      })
      problems.push(...findNameCollisions(parameters, ['parameters']))
      if (problems.length === 0) problems.push(...checkSuperset(parameters, raw))
    }
  }
  if (problems.length > 0 || !parsed.success) return fail(problems, source)

  const spec = buildSpec(parsed.data, parameters)
  const space = checkSpace(spec)
  if (!space.ok) return fail(space.problems, source)
  const points = spec.method === 'grid' ? (space.grid ? BigInt(space.grid.points) : countGridPoints(spec.parameters)) : null
  if (points !== null && points > BigInt(Number.MAX_SAFE_INTEGER) && spec.run_cap === undefined) {
    return fail([problem('spec/too-large', ['parameters'], 'key', `the grid has ${points} points, more than ${Number.MAX_SAFE_INTEGER}; set run_cap or use method: random`)], source)
  }
  const configs = points === null ? (spec.run_cap ?? null) : Number(spec.run_cap !== undefined && BigInt(spec.run_cap) < points ? BigInt(spec.run_cap) : points)
  // `repeats`: every config runs that many times, each a trial of its own.
  const total = configs === null ? null : configs * (spec.repeats ?? 1)
  if (total !== null && !Number.isSafeInteger(total)) {
    return fail([problem('spec/too-large', ['repeats'], 'key', `${configs} configs × ${spec.repeats} repeats is more than ${Number.MAX_SAFE_INTEGER} trials; set run_cap`)], source)
  }
  return { ok: true, spec, total, ...(space.grid ? { grid: space.grid } : {}) }
}

/** Path segments joined by a character no YAML key in a sweep file contains. */
function pathKey(path: DocPath): string {
  return path.map(String).join('\u0000')
}

function buildSpec(shape: ReturnType<typeof sweepSpecSchema.parse>, parameters: Record<string, SweepParameter>): SweepSpec {
  const { timeout, command, stdout_metrics: stdoutMetrics, max_duration: maxDuration, ...rest } = shape
  const spec: SweepSpec = withoutNegativeZero({ ...rest, parameters })
  if (stdoutMetrics !== undefined) spec.stdout_metrics = normalizeStdoutMetrics(stdoutMetrics)
  if (command !== undefined) spec.command = normalizeCommand(command)
  else if (spec.program !== undefined) spec.command = [...DEFAULT_COMMAND]
  if (timeout !== undefined) spec.timeout = toSeconds(timeout)
  if (maxDuration !== undefined) spec.max_duration = toSeconds(maxDuration)
  return spec
}

/** JSON (and so the store) cannot hold -0, so a spec never does: it must equal its stored form. */
function withoutNegativeZero<T>(value: T): T {
  if (Object.is(value, -0)) return 0 as T
  if (Array.isArray(value)) return value.map(withoutNegativeZero) as T
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)])) as T
  return value
}

/** `90`, `"90s"`, `"10m"`, `"2h"`, `"500ms"` → seconds. */
export function toSeconds(duration: number | string): number {
  if (typeof duration === 'number') return duration
  const m = DURATION_PATTERN.exec(duration.trim())
  if (!m) throw new SweeplabError('spec/invalid', `expected a duration such as 30s, 10m or 2h, got ${JSON.stringify(duration)}`)
  const n = Number(m[1])
  const unit = m[2]
  return unit === 'ms' ? n / 1000 : unit === 's' ? n : unit === 'm' ? n * 60 : n * 3600
}

/** `a.b` written as a name and `a: {parameters: {b}}` would both reach a program as `--a.b`. */
function findNameCollisions(parameters: Readonly<Record<string, SweepParameter>>, docPath: DocPath): SpecProblem[] {
  const seen = new Map<string, string>()
  const problems: SpecProblem[] = []
  const visit = (params: Readonly<Record<string, SweepParameter>>, at: DocPath, prefix: string): void => {
    for (const [name, p] of Object.entries(params)) {
      const dotted = prefix ? `${prefix}.${name}` : name
      const path = [...at, name]
      if (p.parameters !== undefined) {
        visit(p.parameters, [...path, 'parameters'], dotted)
        continue
      }
      // A group's trial parameters are its members, beside it; the group's own name is only a label.
      for (const flat of groupMembers(p)?.map((m) => (prefix ? `${prefix}.${m}` : m)) ?? [dotted]) {
        const other = seen.get(flat)
        if (other !== undefined) problems.push(problem('spec/invalid', path, 'key', `'${flat}' is also the flattened name of ${other}; programs would get --${flat} twice`))
        else seen.set(flat, formatDocPath(path))
      }
    }
  }
  visit(parameters, docPath, '')
  return problems
}

function locateProblems(problems: ReadonlyArray<SpecProblem>, source: YamlSource | undefined, file: string | undefined): ErrorLocation[] {
  const located = problems.map((p) => {
    const pos =
      p.position ??
      (source ? (p.offset !== undefined ? source.locateInString(p.path, p.offset) : p.anchor === 'parent' ? source.locate(p.path.slice(0, -1), 'key') : source.locate(p.path, p.anchor)) : undefined)
    const path = formatDocPath(p.path)
    const loc: ErrorLocation = { message: p.message }
    if (file !== undefined) loc.file = file
    if (pos) {
      loc.line = pos.line
      loc.column = pos.column
    }
    if (path) loc.path = path
    return loc
  })
  // File order reads best; zod reports in schema order.
  return located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}

function formatProblems(problems: ReadonlyArray<ErrorLocation>): string {
  const lines = problems.slice(0, MAX_MESSAGE_PROBLEMS).map(formatLocation)
  if (problems.length > MAX_MESSAGE_PROBLEMS) lines.push(`… and ${problems.length - MAX_MESSAGE_PROBLEMS} more problems`)
  return lines.join('\n')
}
