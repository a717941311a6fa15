/**
 * Sweeplab client for training scripts in JavaScript (any Node 20+; no build step) or TypeScript:
 * `sweeplab.d.mts` beside it types this module for TypeScript importers. Keep its declarations in
 * step with the exports here (clients.test.ts compares their names).
 *
 *   import * as sweeplab from './sweeplab.mjs'
 *   const lr = sweeplab.param('optimizer.lr', 1e-3)
 *   for (let step = 0; step < 100; step++) sweeplab.log({ loss: trainOneStep(lr) }, step)
 *
 * Under a sweep, params come from `SWEEPLAB_PARAMS` and `log()` appends JSON lines to
 * `SWEEPLAB_METRICS_FILE`. Run by hand, params come from `--name=value` arguments and `log()`
 * prints `@@sweeplab {...}` lines on stdout. The protocol: docs/command-trials.md.
 */
import { openSync, closeSync, readFileSync, writeSync } from 'node:fs'

/** Stdout lines that start with this marker carry one JSON metrics record. */
export const METRICS_STDOUT_MARKER = '@@sweeplab '

/** @typedef {null | boolean | number | string | ParamList | Params} ParamValue A JSON value. */
/** @typedef {ParamValue[]} ParamList */
/** @typedef {{ [key: string]: ParamValue }} Params */
/** @typedef {number | bigint | boolean | { readonly [key: string]: MetricValue }} MetricValue A loggable value: booleans become 0/1, bigints become numbers; objects nest (`val.loss`). */

const INTEGER_RE = /^\s*[+-]?[0-9]+\s*$/
/** W&B's agent (and so Sweeplab) spells booleans and null the way Python's str() does. */
const PYTHON_CONSTANTS = { True: true, False: false, None: null }
const EAGAIN_SLEEP_MS = 1

let nextStep = 0
let paramsCache
let metricsFile

function env(name) {
  const value = process.env[name]
  return value ? value : undefined
}

function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Argument text to a value: True/False/None, else JSON when it parses as JSON, else the raw text. */
function coerce(text) {
  if (Object.hasOwn(PYTHON_CONSTANTS, text)) return PYTHON_CONSTANTS[text]
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function setDotted(root, name, value) {
  const parts = name.split('.')
  // `__proto__` as a key would reach Object.prototype through plain assignment.
  if (parts.some((p) => p === '' || p === '__proto__')) return
  let node = root
  for (const part of parts.slice(0, -1)) {
    const child = Object.hasOwn(node, part) ? node[part] : undefined
    if (isRecord(child)) {
      node = child
    } else {
      const fresh = {}
      node[part] = fresh
      node = fresh
    }
  }
  node[parts[parts.length - 1]] = value
}

/** `--name=value` arguments to a nested object; a bare `--flag` is `true`; `--` ends the scan. */
function parseArgv(argv) {
  const out = {}
  for (const arg of argv) {
    if (arg === '--') break
    if (!arg.startsWith('--')) continue
    const body = arg.slice(2)
    const eq = body.indexOf('=')
    if (eq < 0) setDotted(out, body, true)
    else setDotted(out, body.slice(0, eq), coerce(body.slice(eq + 1)))
  }
  return out
}

function loadParams() {
  let text = env('SWEEPLAB_PARAMS')
  let source = 'SWEEPLAB_PARAMS'
  if (text === undefined) {
    const path = env('SWEEPLAB_PARAMS_FILE')
    if (path !== undefined) {
      text = readFileSync(path, 'utf8')
      source = `SWEEPLAB_PARAMS_FILE (${path})`
    }
  }
  if (text === undefined) return parseArgv(process.argv.slice(2))
  let value
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new SyntaxError(`sweeplab: ${source} is not valid JSON: ${e.message}`, { cause: e })
  }
  if (!isRecord(value)) throw new TypeError(`sweeplab: ${source} must hold a JSON object`)
  return value
}

function allParams() {
  paramsCache ??= loadParams()
  return paramsCache
}

/**
 * The trial's params as a (nested) object: from `SWEEPLAB_PARAMS` (exact JSON types), else the
 * file named by `SWEEPLAB_PARAMS_FILE`, else `--name=value` arguments, else `{}`. A fresh copy.
 * @returns {Params}
 */
export function params() {
  return structuredClone(allParams())
}

/**
 * One param by name; dots reach into nested params (`param('optimizer.lr', 1e-3)`). Returns
 * `fallback` when absent.
 * @template T
 * @param {string} name
 * @param {T} [fallback]
 * @returns {ParamValue | T}
 */
export function param(name, fallback) {
  const root = allParams()
  if (Object.hasOwn(root, name)) return structuredClone(root[name])
  let node = root
  for (const part of name.split('.')) {
    if (!isRecord(node) || !Object.hasOwn(node, part)) return fallback
    node = node[part]
  }
  return structuredClone(node)
}

function encodeMetrics(metrics, prefix) {
  const values = {}
  for (const [key, value] of Object.entries(metrics)) {
    if (key === '') throw new TypeError('sweeplab.log: metric names must be non-empty strings')
    if (prefix === '' && (key === 'step' || key.startsWith('_'))) {
      throw new RangeError(`sweeplab.log: metric name "${key}" is reserved (use the step argument for steps)`)
    }
    values[key] = encodeValue(prefix + key, value)
  }
  return values
}

function encodeValue(key, value) {
  if (isRecord(value)) return encodeMetrics(value, `${key}.`)
  let n
  if (typeof value === 'number') n = value
  else if (typeof value === 'bigint') n = Number(value)
  else if (typeof value === 'boolean') n = value ? 1 : 0
  else throw new TypeError(`sweeplab.log: metric "${key}" must be a number, got ${value === null ? 'null' : typeof value}`)
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return n
}

function checkStep(step) {
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) {
    throw new TypeError(`sweeplab.log: step must be an integer, got ${String(step)}`)
  }
  if (step < 0) throw new RangeError(`sweeplab.log: step must be >= 0, got ${step}`)
  return step
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Writes all of `data` with as few write() calls as the fd allows; waits out EAGAIN (non-blocking pipes). */
function writeAllSync(fd, data) {
  let offset = 0
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset)
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e
      sleepSync(EAGAIN_SLEEP_MS)
    }
  }
}

function writeLine(line) {
  const path = env('SWEEPLAB_METRICS_FILE')
  if (path === undefined) {
    const text = METRICS_STDOUT_MARKER + line
    // process.stdout is asynchronous on POSIX pipes: while it still holds queued output, queue
    // behind it to keep lines whole and in order; otherwise write now so a kill cannot lose it.
    if (process.stdout.writableLength > 0) process.stdout.write(text)
    else writeAllSync(1, Buffer.from(text, 'utf8'))
    return
  }
  if (metricsFile?.path !== path) {
    if (metricsFile) closeSync(metricsFile.fd)
    metricsFile = undefined
    // 'a' is O_WRONLY | O_APPEND | O_CREAT: one write per line keeps lines whole with several writers.
    metricsFile = { path, fd: openSync(path, 'a') }
  }
  writeAllSync(metricsFile.fd, Buffer.from(line, 'utf8'))
}

/**
 * Records metric values at a step, like `wandb.log`; returns the step used. Without `step`, the
 * step is one more than the last step logged (0 for the first call). Nested objects are stored
 * with dotted names (`{ val: { loss: 1 } }` as `val.loss`). NaN and infinities are written as
 * "NaN", "Infinity", "-Infinity" (the trial is then diverged). The name `step` and names starting
 * with `_` are reserved.
 * @param {Readonly<Record<string, MetricValue>>} metrics
 * @param {number} [step]
 * @returns {number}
 */
export function log(metrics, step) {
  if (!isRecord(metrics)) throw new TypeError('sweeplab.log: metrics must be an object of name -> number')
  const values = encodeMetrics(metrics, '')
  const used = step === undefined ? nextStep : checkStep(step)
  nextStep = used + 1
  if (Object.keys(values).length === 0) return used
  writeLine(JSON.stringify({ step: used, ...values, _time: Date.now() }) + '\n')
  return used
}

/**
 * The trial's seed (`SWEEPLAB_SEED`), or `fallback` outside a sweep.
 * @param {number} [fallback]
 * @returns {number | undefined}
 */
export function seed(fallback) {
  const text = env('SWEEPLAB_SEED')
  if (text === undefined) return fallback
  if (!INTEGER_RE.test(text)) throw new TypeError(`sweeplab: SWEEPLAB_SEED="${text}" is not an integer`)
  return Number.parseInt(text, 10)
}

/**
 * A writable folder for the trial's outputs (`SWEEPLAB_TRIAL_DIR`), or the current directory outside a sweep.
 * @returns {string}
 */
export function trialDir() {
  return env('SWEEPLAB_TRIAL_DIR') ?? process.cwd()
}

/**
 * Whether this process runs as a Sweeplab trial (`SWEEPLAB_TRIAL_ID` is set).
 * @returns {boolean}
 */
export function isSweep() {
  return env('SWEEPLAB_TRIAL_ID') !== undefined
}
