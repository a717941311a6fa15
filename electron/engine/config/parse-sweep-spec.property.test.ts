import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { stringify as toYaml } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { ErrorLocation } from '../../../shared/errors.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { recordFuzzCounts } from '../testing/fuzz-counts.ts'
import { parseSweepSpec, validateSweepSpec } from './parse-sweep-spec.ts'

/**
 * Property-based tests of the sweep-file parser: whatever the text, it either returns a spec or throws a
 * SweeplabError with a spec/* code whose every problem has a file:line:col, within a time bound, and the
 * live validator (the editor's and the API's validateSpec) says the same thing.
 */

const FILE = 'sweep.yaml'
/** Per input, on a 2-core machine shared with other jobs; a real input takes under 10 ms. */
const PER_INPUT_MS = 2000
const EXAMPLES_DIR = fileURLToPath(new URL('../../../resources/examples/', import.meta.url))
const EXAMPLES = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES_DIR, f), 'utf8') }))

const counts: Record<string, number> = {}
afterAll(() => {
  recordFuzzCounts('parse-sweep-spec', counts, ['arbitrary text', 'yaml-ish lines', 'mutated examples', 'random JSON values', 'sweep-shaped objects', 'deep nesting', 'alias bombs'])
})

type Outcome = { ok: true; spec: SweepSpec } | { ok: false; code: string; message: string; problems: ReadonlyArray<ErrorLocation> }

/** Runs the parser and checks every property that holds for any input; returns what happened. */
function checkParse(text: string, property: string): Outcome {
  counts[property] = (counts[property] ?? 0) + 1
  const started = performance.now()
  let outcome: Outcome
  try {
    outcome = { ok: true, spec: parseSweepSpec(text, FILE) }
  } catch (e) {
    if (!isSweeplabError(e)) throw new Error(`parseSweepSpec threw a non-SweeplabError: ${String(e)}`, { cause: e })
    outcome = { ok: false, code: e.code, message: e.message, problems: e.details?.problems ?? [] }
  }
  const parseMs = performance.now() - started
  const validation = validateSweepSpec(text, FILE)
  const elapsed = performance.now() - started
  expect(parseMs, 'parse time').toBeLessThan(PER_INPUT_MS)
  expect(elapsed - parseMs, 'validate time').toBeLessThan(PER_INPUT_MS)
  expect(validation.ok, 'validateSweepSpec agrees with parseSweepSpec').toBe(outcome.ok)
  if (outcome.ok) return outcome

  expect(outcome.code).toMatch(/^spec\/(parse|invalid|grid-continuous|too-large)$/)
  expect(outcome.problems.length).toBeGreaterThan(0)
  // Where the parser's stack runs out depends on the caller's stack depth, so only that position may differ.
  const stable = (ps: ReadonlyArray<ErrorLocation>): ReadonlyArray<ErrorLocation> => ps.map((p) => (p.message === 'the document nests too deeply' ? { ...p, line: 0, column: 0 } : p))
  expect(stable(validation.problems)).toEqual(stable(outcome.problems))
  const lineCount = text.split(/\r\n|\r|\n/).length
  for (const p of outcome.problems) {
    expect(p.message).not.toMatch(/internal error|undefined|\[object Object\]/)
    expect(p.message.trim().length).toBeGreaterThan(0)
    expect(p.file).toBe(FILE)
    // Every spec problem has a place in the file: syntax errors their offset, schema errors their key or value.
    expect(p.line, p.message).toBeGreaterThanOrEqual(1)
    expect(p.line).toBeLessThanOrEqual(lineCount + 1)
    expect(p.column).toBeGreaterThanOrEqual(1)
  }
  const first = outcome.problems[0] as ErrorLocation
  expect(outcome.message.startsWith(`${FILE}:${first.line}:${first.column}`)).toBe(true)
  return outcome
}

/** A parsed spec is plain JSON, and parsing it again (as JSON) gives the same spec. */
function checkNormalized(spec: SweepSpec): void {
  const json = JSON.stringify(spec)
  expect(JSON.parse(json)).toEqual(spec)
  expect(parseSweepSpec(json, FILE)).toEqual(spec)
}

const SPEC_KEYS = ['name', 'description', 'method', 'metric', 'parameters', 'run_cap', 'program', 'command', 'early_terminate', 'project', 'entity',
  'controller', 'trainer', 'workers', 'resources', 'seed', 'timeout', 'retries', 'env', 'cwd', 'dataset', 'cv', 'backend', 'bayes', 'save'] as const
const PARAM_KEYS = ['value', 'values', 'probabilities', 'distribution', 'min', 'max', 'mu', 'sigma', 'q', 'a', 'b', 'parameters'] as const
const DISTRIBUTIONS = ['constant', 'categorical', 'int_uniform', 'uniform', 'q_uniform', 'log_uniform', 'log_uniform_values', 'q_log_uniform', 'normal', 'q_normal',
  'log_normal', 'beta', 'q_beta', 'inv_log_uniform_values', 'categorical_w_probabilities', 'gaussian']
/** Scalars that YAML reads in surprising ways (1.1 booleans, bases, specials, tags, aliases, timestamps). */
const TRICKY_SCALARS = ['', '~', 'null', 'yes', 'No', 'on', 'OFF', 'y', '0x1F', '0o17', '017', '0b101', '1e309', '-1e309', '.nan', '.inf', '-.Inf', '1e-300',
  '9007199254740993', '-0', '1_000', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '"x"', "'y'", '"\\u0000"', '"\\ud800"', '[1, 2]', '{a: 1}', '[]', '{}',
  '*nope', '&a 1', '!!str 5', '!!int x', '!!float', '!!binary aGk=', '!!set {a}', '!!omap [a: 1]', '!custom x', '!<tag:yaml.org,2002:int> 3', 'NaN', 'Infinity', '|', '>-', '? x', '- x', '<<: *x', ': x']
const WEIRD_CHARS = ['\u0000', '\u0007', '\u001b', '\t', '\r', '\n', '\u0085', '\u2028', '\u2029', '\uFEFF', '\u202E', '\u200B', '\uD800', '\uDC00', '😀', 'ß', 'e\u0301',
  '"', "'", ':', ': ', '-', '- ', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '#', ',', '?', '\\', '<<']

const scalarArb = fc.oneof(fc.constantFrom(...TRICKY_SCALARS), fc.double().map(String), fc.integer().map(String), fc.string({ maxLength: 12 }))
const keyArb = fc.oneof(fc.constantFrom(...SPEC_KEYS, ...PARAM_KEYS, ...DISTRIBUTIONS), fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/), fc.string({ maxLength: 6 }))

/** Lines that look like YAML: indentation, keys, list markers, flow collections, anchors, tags, comments, directives. */
const yamlishArb = fc
  .array(
    fc.oneof(
      fc.tuple(fc.nat(8), fc.boolean(), keyArb, scalarArb).map(([indent, dash, key, value]) => `${' '.repeat(indent)}${dash ? '- ' : ''}${key}: ${value}`),
      fc.tuple(fc.nat(8), keyArb).map(([indent, key]) => `${' '.repeat(indent)}${key}:`),
      fc.tuple(fc.nat(8), scalarArb).map(([indent, value]) => `${' '.repeat(indent)}- ${value}`),
      fc.constantFrom('---', '...', '%YAML 1.1', '%TAG ! tag:x,2000:', '# comment', '', '\t', 'key: value # c', '&anchor', '*anchor', '? complex', ': value'),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join('\n'))

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'truncate'; at: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'scalar'; at: number; value: string }
  | { kind: 'inject'; at: number; value: string }
  | { kind: 'indent'; at: number; delta: number }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('scalar' as const), at: fc.nat(), value: scalarArb }),
  fc.record({ kind: fc.constant('inject' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...WEIRD_CHARS), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
)

/** Applies one mutation to a sweep file's lines (line-level ops) or characters (inject, truncate). */
function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n')
  const i = m.at % lines.length
  switch (m.kind) {
    case 'delete':
      lines.splice(i, 1)
      return lines.join('\n')
    case 'duplicate':
      lines.splice(i, 0, lines[i] as string)
      return lines.join('\n')
    case 'swap': {
      const j = m.other % lines.length
      ;[lines[i], lines[j]] = [lines[j] as string, lines[i] as string]
      return lines.join('\n')
    }
    case 'scalar': {
      const line = lines[i] as string
      const colon = line.indexOf(': ')
      lines[i] = colon >= 0 ? `${line.slice(0, colon + 2)}${m.value}` : line.replace(/^(\s*- ).*$/, `$1${m.value}`)
      return lines.join('\n')
    }
    case 'indent': {
      const line = lines[i] as string
      lines[i] = m.delta >= 0 ? `${' '.repeat(m.delta)}${line}` : line.replace(new RegExp(`^ {0,${-m.delta}}`), '')
      return lines.join('\n')
    }
    case 'inject': {
      const at = m.at % (text.length + 1)
      return `${text.slice(0, at)}${m.value}${text.slice(at)}`
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1))
  }
}

const numberArb = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, 1, -1, 1e-9, 1e300, 0.5))
const paramArb = fc.record(
  {
    value: fc.jsonValue({ maxDepth: 2 }),
    values: fc.array(fc.oneof(numberArb, fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null)), { maxLength: 6 }),
    probabilities: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    distribution: fc.constantFrom(...DISTRIBUTIONS),
    min: numberArb,
    max: numberArb,
    mu: numberArb,
    sigma: numberArb,
    q: numberArb,
  },
  { requiredKeys: [] },
)
/** Leaf parameters as a careful user writes them: every W&B shape, values in range. */
const validParamArb = fc.oneof(
  fc.array(fc.oneof(fc.integer({ min: -3, max: 9 }), fc.constantFrom('adam', 'sgd'), fc.boolean()), { minLength: 1, maxLength: 4 }).map((values) => ({ values: [...new Set(values)] })),
  fc.jsonValue({ maxDepth: 1 }).map((value) => ({ value })),
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.nat(6)).map(([min, k]) => ({ min, max: min + k })),
  fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true })).map(([min, d]) => ({ distribution: 'uniform', min, max: min + d })),
  fc.constantFrom({ distribution: 'log_uniform_values', min: 1e-4, max: 0.1 }, { distribution: 'q_uniform', min: 0, max: 2, q: 0.25 }, { distribution: 'normal', mu: 0, sigma: 1 },
    { distribution: 'int_uniform', min: 1, max: 8 }, { distribution: 'categorical', values: ['a', 'b'], probabilities: [0.3, 0.7] }),
)
const paramNameArb = fc.oneof(fc.constantFrom('lr', 'x', 'batch_size', 'a.b', 'opt'), fc.stringMatching(/^[A-Za-z_][\w.-]{0,6}$/), fc.string({ maxLength: 4 }))

/** Sweep files a user could well write: valid except where a grid meets a continuous range. */
const validSpecArb = fc.record(
  {
    method: fc.constantFrom('grid', 'random', 'bayes'),
    trainer: fc.constant('noop'),
    metric: fc.record({ name: fc.constant('loss'), goal: fc.constantFrom('minimize', 'maximize') }),
    parameters: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), validParamArb, { minKeys: 1, maxKeys: 4 }),
    run_cap: fc.integer({ min: 1, max: 100 }),
    seed: fc.nat(1000),
    timeout: fc.constantFrom('30s', '10m', '2h', '500ms', 90),
    retries: fc.nat(3),
  },
  { requiredKeys: ['method', 'trainer', 'parameters'] },
)

/** Objects shaped like sweep files (right keys, random values), so many inputs get past the syntax into the schema and rules. */
const specLikeArb = fc.record(
  {
    method: fc.oneof(fc.constantFrom('grid', 'random', 'bayes'), fc.string({ maxLength: 5 })),
    trainer: fc.constantFrom('noop', 'tfjs', ''),
    program: fc.constantFrom('train.py', 'x.mjs'),
    command: fc.array(fc.oneof(fc.constantFrom('${env}', '${interpreter}', '${program}', '${args}', '${args_no_hyphens}', '${args_json}', 'python'), fc.string({ maxLength: 5 })), { maxLength: 4 }),
    metric: fc.record({ name: fc.constantFrom('loss', 'acc', ''), goal: fc.constantFrom('minimize', 'maximize', 'up') }, { requiredKeys: [] }),
    parameters: fc.dictionary(paramNameArb, fc.oneof({ weight: 4, arbitrary: paramArb }, { weight: 1, arbitrary: fc.record({ parameters: fc.dictionary(paramNameArb, paramArb, { maxKeys: 3 }) }) }), { maxKeys: 5 }),
    run_cap: fc.oneof(fc.integer({ min: -1, max: 50 }), fc.double()),
    seed: fc.integer({ min: -1, max: 2 ** 40 }),
    timeout: fc.oneof(fc.constantFrom('30s', '10m', '2h', '500ms', '0s', '1y', 'soon'), numberArb),
    retries: fc.integer({ min: -1, max: 3 }),
    workers: fc.integer({ min: -1, max: 8 }),
    early_terminate: fc.record({ type: fc.constantFrom('hyperband', 'median', 'x'), min_iter: fc.integer({ min: -1, max: 5 }), eta: numberArb }, { requiredKeys: [] }),
    env: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer())),
    dataset: fc.oneof(fc.constantFrom('spam', 'iris', 'Bad Name'), fc.record({ name: fc.constantFrom('spam', 'x'), max_rows: fc.integer({ min: -1, max: 10 }) }, { requiredKeys: [] })),
    save: fc.constantFrom('best', 'last', 'none', 'all'),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
)

describe('parseSweepSpec on arbitrary input (property-based)', () => {
  it('never throws anything but a located spec/* error for arbitrary text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (text) => {
      checkParse(text, 'arbitrary text')
    }), { numRuns: 600 })
  })

  it('never throws anything but a located spec/* error for YAML-looking text', () => {
    fc.assert(fc.property(yamlishArb, (text) => {
      checkParse(text, 'yaml-ish lines')
    }), { numRuns: 700 })
  })

  it('survives deleted, duplicated, swapped, re-indented, truncated lines and injected characters in every shipped example', () => {
    expect(EXAMPLES.length).toBeGreaterThan(5)
    let accepted = 0
    fc.assert(fc.property(fc.constantFrom(...EXAMPLES), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (example, mutations) => {
      const outcome = checkParse(mutations.reduce(mutate, example.text), 'mutated examples')
      if (outcome.ok) {
        accepted++
        checkNormalized(outcome.spec)
      }
    }), { numRuns: 1500 })
    // Some mutations (a deleted comment, a swapped parameter) keep a file valid: both branches were exercised.
    expect(accepted).toBeGreaterThan(0)
  })

  it('never throws anything but a located spec/* error for random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, asYaml) => {
      checkParse(asYaml ? toYaml(value) : JSON.stringify(value), 'random JSON values')
    }), { numRuns: 600 })
  })

  it('accepts or precisely refuses sweep-shaped objects, and a spec it accepts parses to itself again', () => {
    let accepted = 0
    // Half careful files, half careful files with one key replaced by a wild value of the right name.
    const arb = fc.oneof(validSpecArb, fc.tuple(validSpecArb, specLikeArb).map(([valid, wild]) => ({ ...valid, ...wild })))
    fc.assert(fc.property(arb, fc.boolean(), (value, asYaml) => {
      const outcome = checkParse(asYaml ? toYaml(value) : JSON.stringify(value), 'sweep-shaped objects')
      if (!outcome.ok) return
      accepted++
      checkNormalized(outcome.spec)
    }), { numRuns: 1200 })
    console.log(`[fuzz] sweep-shaped objects: ${accepted} of 1200 accepted`)
    expect(accepted).toBeGreaterThan(100)
  })

  it('refuses deep nesting (flow and block) without a stack overflow', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{a: ', 'block', '- '), (depth, style) => {
      let text: string
      if (style === 'block') text = `method: grid\ntrainer: noop\nparameters:\n${Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${' '.repeat(2 + i)}k${i}:`).join('\n')} 1\n`
      else if (style === '- ') text = `method: grid\ntrainer: noop\nparameters:\n  a:\n    values:\n${Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${' '.repeat(6 + 2 * i)}- `).join('\n')}1\n`
      else text = `method: grid\ntrainer: noop\nparameters: {a: {values: [${style.repeat(depth)}1${(style === '[' ? ']' : '}').repeat(depth)}]}}\n`
      const outcome = checkParse(text, 'deep nesting')
      if (depth > 100 && !outcome.ok) expect(outcome.code).toMatch(/spec\/(too-large|parse|invalid)/)
      if (depth > 100) expect(outcome.ok).toBe(false)
    }), { numRuns: 60 })
  })

  it('refuses alias bombs (billion laughs) of any width and depth, and accepts small alias trees', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('values', 'description', 'merge'), (width, levels, where) => {
      const lines = [`l0: &l0 [${Array(width).fill('x').join(', ')}]`]
      for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`)
      const bomb = `bomb:\n${lines.map((l) => `  ${l}`).join('\n')}\n`
      const head = 'method: grid\ntrainer: noop\n'
      const text = where === 'values'
        ? `${head}${bomb}parameters:\n  a: {values: *l${levels}}\n`
        : where === 'merge'
          ? `${head}${bomb}base: &base {value: *l${levels}}\nparameters:\n  a: {<<: *base}\n`
          : `${head}${bomb}parameters:\n  a: {value: 1}\n`
      const outcome = checkParse(text, 'alias bombs')
      const aliases = Array.from({ length: levels }, (_, i) => width ** (i + 1)).reduce((a, b) => a + b, 0)
      if (aliases > 100_000) expect(outcome.ok ? 'ok' : outcome.code).toBe('spec/too-large')
    }), { numRuns: 120 })
  })
})

describe('huge sweeps', () => {
  const HEAD = 'method: grid\ntrainer: noop\n'

  it('sizes a 10^9-point grid (mixed radix, never materialized) and a 10^12-point grid with run_cap in milliseconds', () => {
    const axis = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]'
    const grid = (n: number): string => Array.from({ length: n }, (_, i) => `  d${i}: {values: ${axis}}`).join('\n')
    const started = performance.now()
    expect(validateSweepSpec(`${HEAD}parameters:\n${grid(9)}\n`)).toEqual({ ok: true, problems: [], total: 1_000_000_000 })
    expect(validateSweepSpec(`${HEAD}parameters:\n${grid(12)}\n`)).toEqual({ ok: true, problems: [], total: 1_000_000_000_000 })
    expect(validateSweepSpec(`${HEAD}run_cap: 500\nparameters:\n${grid(12)}\n`)).toEqual({ ok: true, problems: [], total: 500 })
    expect(performance.now() - started).toBeLessThan(PER_INPUT_MS)
  })

  it('refuses a grid past 2^53 - 1 points without run_cap, naming the parameters key and the fix', () => {
    const v = validateSweepSpec(`${HEAD}parameters:\n${Array.from({ length: 17 }, (_, i) => `  d${i}: {values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}`).join('\n')}\n`, FILE)
    expect(v.ok).toBe(false)
    expect(v.problems).toEqual([{ file: FILE, line: 3, column: 1, path: 'parameters', message: expect.stringMatching(/^the grid has 100000000000000000 points, more than 9007199254740991; set run_cap or use method: random$/) }])
  })

  it('takes a values list of 10^5 entries and refuses one of 10^6 quickly, naming the limit and where it was passed', { timeout: 60_000 }, () => {
    const list = (n: number): string => `${HEAD}parameters:\n  a: {values: [${Array.from({ length: n }, (_, i) => i).join(',')}]}\n`
    expect(validateSweepSpec(list(100_000))).toMatchObject({ ok: true, total: 100_000 })
    const tooMany = list(1_000_000)
    const v = validateSweepSpec(tooMany, FILE)
    expect(v.ok).toBe(false)
    const limit = 'the file holds more than 200000 list entries; a sweep may have at most 100000 entries in values lists'
    // The lexer stops at the comma after entry 200000: that is where the file says so.
    const lines = tooMany.split('\n')
    const at = lines.findIndex((l) => l.includes('a: {values: ['))
    let comma = -1
    for (let i = 0; i <= 200_000; i++) comma = (lines[at] as string).indexOf(',', comma + 1)
    expect(v.problems).toEqual([{ file: FILE, line: at + 1, column: comma + 1, message: limit }])
    // Between the two: refused by the exact count after the parse.
    expect(validateSweepSpec(list(150_000), FILE).problems).toEqual([{ file: FILE, line: 3, column: 1, path: 'parameters', message: '150000 entries in values lists; a sweep may have at most 100000' }])
  })

  it('refuses a 100 MB sweep text before parsing it', () => {
    const text = `${HEAD}description: "${'x'.repeat(100 * 1024 * 1024)}"\n`
    const started = performance.now()
    const v = validateSweepSpec(text, FILE)
    expect(performance.now() - started).toBeLessThan(PER_INPUT_MS)
    expect(v).toEqual({ ok: false, total: null, problems: [{ file: FILE, line: 1, column: 1, message: 'the file is 100.0 MiB; a sweep file may be at most 10 MiB' }] })
  })
})
