import { DEFAULT_COMMAND } from '../../../shared/sweep-spec.ts'
import type { SweepParameter, SweepSpec } from '../../../shared/sweep-spec.ts'

/** W&B's command macros (docs.wandb.ai sweep configuration, "command"), plus `${envvar:NAME}`. */
export const COMMAND_MACROS = [
  'env',
  'interpreter',
  'program',
  'args',
  'args_no_hyphens',
  'args_no_boolean_flags',
  'args_json',
  'args_json_file',
] as const
type CommandMacro = (typeof COMMAND_MACROS)[number]

/** These expand to one argv element per parameter, so they must stand alone as an element. */
const LIST_MACROS: ReadonlySet<string> = new Set(['args', 'args_no_hyphens', 'args_no_boolean_flags'])
const ENVVAR_PREFIX = 'envvar:'
const MACRO_PATTERN = /\$\{([^}]*)\}/g
const WHOLE_MACRO_PATTERN = /^\$\{([^}]*)\}$/

export interface CommandContext {
  /** Path of the JSON params file the worker writes (`${args_json_file}`). */
  paramsFile: string
  /** Defaults to `process.platform`; on win32 `${env}` is dropped, as W&B does. */
  platform?: NodeJS.Platform
  /** Looked up by `${envvar:NAME}` after the sweep's own `env`; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
}

/**
 * The argv of one command trial: the spec's `command` (or W&B's default) with every macro expanded.
 * Each parameter is one argv element whatever its text: no shell ever sees it.
 */
export function buildCommandArgv(spec: Pick<SweepSpec, 'command' | 'program' | 'parameters' | 'env'>, params: Readonly<Record<string, unknown>>, ctx: CommandContext): string[] {
  const template = spec.command ?? DEFAULT_COMMAND
  const flat = flattenParams(params, spec.parameters)
  const expand = (name: string): string[] | undefined => expandMacro(name, spec, params, flat, ctx)
  const argv: string[] = []
  for (const element of template) {
    const whole = WHOLE_MACRO_PATTERN.exec(element)
    if (whole) {
      // An unknown standalone macro stays literal (validation refuses it; old stored specs may still have one).
      argv.push(...(expand(whole[1] as string) ?? [element]))
      continue
    }
    argv.push(element.replace(MACRO_PATTERN, (text, name: string) => expand(name)?.join(' ') ?? text))
  }
  return argv
}

function expandMacro(
  name: string,
  spec: Pick<SweepSpec, 'program' | 'env'>,
  params: Readonly<Record<string, unknown>>,
  flat: Readonly<Record<string, unknown>>,
  ctx: CommandContext,
): string[] | undefined {
  if (name.startsWith(ENVVAR_PREFIX)) {
    const variable = name.slice(ENVVAR_PREFIX.length)
    // W&B leaves the variable's name when it is unset; kept for compatibility.
    // Own keys only: `${envvar:toString}` must not reach Object.prototype.
    const env = ctx.env ?? process.env
    const fromSpec = spec.env !== undefined && Object.hasOwn(spec.env, variable) ? spec.env[variable] : undefined
    return [fromSpec ?? (Object.hasOwn(env, variable) ? env[variable] : undefined) ?? variable]
  }
  if (!(COMMAND_MACROS as ReadonlyArray<string>).includes(name)) return undefined
  const macro = name as CommandMacro
  const entries = Object.entries(flat)
  switch (macro) {
    case 'env':
      return (ctx.platform ?? process.platform) === 'win32' ? [] : ['/usr/bin/env']
    case 'interpreter':
      return chooseInterpreter(spec.program)
    case 'program':
      return spec.program ? [spec.program] : []
    case 'args':
      return entries.map(([k, v]) => `--${k}=${formatArgValue(v)}`)
    case 'args_no_hyphens':
      return entries.map(([k, v]) => `${k}=${formatArgValue(v)}`)
    case 'args_no_boolean_flags':
      return entries.flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false ? [] : [`--${k}=${formatArgValue(v)}`]))
    case 'args_json':
      return [JSON.stringify(params)]
    case 'args_json_file':
      return [ctx.paramsFile]
  }
}

/**
 * `${interpreter}` by the program's extension. W&B always says `python`; we say `python3` and let the
 * worker fall back to `python`. An unknown extension drops the macro so the program runs directly.
 */
export function chooseInterpreter(program: string | undefined): string[] {
  if (program === undefined) return ['python3']
  const ext = /\.([A-Za-z0-9]+)$/.exec(program)?.[1]?.toLowerCase()
  switch (ext) {
    case 'py':
      return ['python3']
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'ts':
    case 'mts':
    case 'cts':
      return ['node']
    case 'sh':
      return ['bash']
    default:
      return []
  }
}

/**
 * One value in `--name=value`, spelled as W&B's agent spells it (Python `str()`) so scripts written for
 * W&B parse it unchanged: booleans `True`/`False`, null `None`; numbers in their shortest exact form;
 * lists and mappings as JSON.
 */
export function formatArgValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Object.is(value, -0) ? '-0.0' : String(value)
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (value === null || value === undefined) return 'None'
  return JSON.stringify(value)
}

/**
 * Nested parameters as dotted names: `{opt: {lr: 1}}` → `{'opt.lr': 1}`. With the spec's parameters only
 * objects that come from nested `parameters` are flattened (a categorical value that is a mapping stays
 * one value); without them every non-empty plain object is.
 */
export function flattenParams(params: Readonly<Record<string, unknown>>, parameters?: Readonly<Record<string, SweepParameter>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const visit = (obj: Readonly<Record<string, unknown>>, defs: Readonly<Record<string, SweepParameter>> | undefined, prefix: string): void => {
    for (const [key, value] of Object.entries(obj)) {
      const name = prefix ? `${prefix}.${key}` : key
      const def = defs?.[key]
      const nested = defs ? def?.parameters !== undefined : isPlainObject(value) && Object.keys(value).length > 0
      if (nested && isPlainObject(value)) visit(value, def?.parameters, name)
      else out[name] = value
    }
  }
  visit(params, parameters, '')
  return out
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A command element that cannot work, found at validation time. */
export interface CommandProblem {
  index: number
  message: string
}

/** Unknown macros, list macros inside a longer string, and `${program}` without `program`. */
export function findCommandProblems(command: ReadonlyArray<string>, hasProgram: boolean): CommandProblem[] {
  const problems: CommandProblem[] = []
  const known = COMMAND_MACROS.map((m) => `\${${m}}`).join(', ')
  command.forEach((element, index) => {
    const standalone = WHOLE_MACRO_PATTERN.test(element)
    for (const match of element.matchAll(MACRO_PATTERN)) {
      const name = match[1] as string
      if (name.startsWith(ENVVAR_PREFIX) && name.length > ENVVAR_PREFIX.length) continue
      if (!(COMMAND_MACROS as ReadonlyArray<string>).includes(name)) {
        problems.push({ index, message: `unknown macro \${${name}}; expected one of ${known}, or \${envvar:NAME} for an environment variable` })
      } else if (LIST_MACROS.has(name) && !standalone) {
        problems.push({ index, message: `\${${name}} expands to one argument per parameter, so it must be a whole element of command, got ${JSON.stringify(element)}` })
      } else if (name === 'program' && !hasProgram) {
        problems.push({ index, message: 'command uses ${program} but the sweep has no program key' })
      }
    }
  })
  return problems
}
