import { isMap, isScalar, isSeq } from 'yaml'
import type { Document, YAMLMap } from 'yaml'
import { isRangeDistribution, NUMBER_KEYS, DISTRIBUTION_KEYS } from './param-kinds.ts'
import type { ParamField, ParamKind, RangeDistribution } from './param-kinds.ts'
import { listText, parseSpecDocument, valueText } from './spec-yaml.ts'
import { keyName } from './yaml-map.ts'

/** The top-level fields the form edits; each maps to one key path of the sweep file. */
export const TOP_FIELDS = {
  name: ['name'],
  description: ['description'],
  method: ['method'],
  metricName: ['metric', 'name'],
  metricGoal: ['metric', 'goal'],
  runCap: ['run_cap'],
  workers: ['workers'],
  trainer: ['trainer'],
  dataset: ['dataset'],
  program: ['program'],
  command: ['command'],
} as const satisfies Record<string, readonly string[]>
export type TopField = keyof typeof TOP_FIELDS

/** Top-level keys the form covers (a key not listed here is shown as "edited in YAML only"). */
const FORM_KEYS = new Set(['name', 'description', 'method', 'metric', 'run_cap', 'workers', 'trainer', 'dataset', 'program', 'command', 'parameters'])
const METRIC_FORM_KEYS = new Set(['name', 'goal'])

export type Runner = 'trainer' | 'program' | 'none'

/** One parameter as the form shows it. `path` is the chain of parameter names from the top. */
export interface ParamRow {
  name: string
  path: readonly string[]
  kind: ParamKind
  /** `distribution` as written, or null when left out. */
  distribution: string | null
  /** The distribution W&B infers when none is written (distribution kind only). */
  inferred: RangeDistribution | null
  /** Text of each field the kind shows; a missing optional key is ''. */
  fields: Partial<Record<ParamField, string>>
  /** Fields whose value spans lines or has the wrong shape: shown read-only. */
  lockedFields: ParamField[]
  children: ParamRow[]
  /** Keys of this parameter that the form does not show for its kind; they stay in the YAML. */
  yamlOnly: string[]
}

export interface SpecForm {
  fields: Record<TopField, string>
  /** Fields present in the file in a shape the form cannot edit (e.g. `dataset` with a `path`). */
  lockedFields: TopField[]
  runner: Runner
  params: ParamRow[]
  /** Dotted keys the form does not edit (seed, timeout, metric.target, ...): they stay as written. */
  yamlOnly: string[]
}

export type FormRead = { ok: true; form: SpecForm } | { ok: false; reason: string; line?: number }

/** Reads what the form shows from the YAML text; the text stays the one source of truth. */
export function readSpecForm(text: string): FormRead {
  return readSpecDocument(parseSpecDocument(text))
}

export function readSpecDocument(doc: Document.Parsed): FormRead {
  const error = doc.errors[0]
  if (error) {
    const line = error.linePos?.[0].line
    return { ok: false, reason: 'The YAML has a syntax error; fix it in the editor to use the form again.', ...(line ? { line } : {}) }
  }
  const root = doc.contents
  if (root !== null && !isMap(root)) return { ok: false, reason: 'The file is not a mapping of keys (method, parameters, ...); edit it in the YAML.' }

  const fields = {} as Record<TopField, string>
  const lockedFields: TopField[] = []
  for (const [field, path] of Object.entries(TOP_FIELDS) as [TopField, readonly string[]][]) {
    const text = fieldText(field, doc.getIn(path, true))
    fields[field] = text ?? ''
    if (text === null) lockedFields.push(field)
  }
  if (doc.has('metric') && !isMap(doc.get('metric', true))) lockedFields.push('metricName', 'metricGoal')

  const paramsNode = doc.get('parameters', true)
  const params = isMap(paramsNode) ? readParams(paramsNode, []) : []
  const yamlOnly = root ? otherKeys(root) : []
  if (paramsNode !== undefined && paramsNode !== null && !isMap(paramsNode)) yamlOnly.push('parameters')

  return { ok: true, form: { fields, lockedFields, runner: readRunner(doc), params, yamlOnly } }
}

function readRunner(doc: Document): Runner {
  if (doc.has('trainer')) return 'trainer'
  return doc.has('program') || doc.has('command') ? 'program' : 'none'
}

/** The text of a top-level field, '' when absent, null when the form cannot edit its shape. */
function fieldText(field: TopField, node: unknown): string | null {
  if (node === undefined || node === null) return ''
  if (field === 'command') return commandText(node)
  if (field === 'dataset') return datasetName(node)
  if (!isScalar(node)) return null
  if (node.value === null) return ''
  return String(node.value)
}

function commandText(node: unknown): string | null {
  if (!isSeq(node)) return null
  const items = node.items.map((n) => (isScalar(n) && !String(n.value).includes('\n') ? String(n.value) : null))
  return items.includes(null) ? null : items.join('\n')
}

/** `dataset: spam`, or `{name: spam, ...}`; a dataset given by `path` is edited in the YAML. */
function datasetName(node: unknown): string | null {
  if (isScalar(node)) return String(node.value)
  if (!isMap(node)) return null
  const name = node.get('name', true)
  if (node.has('path') || !isScalar(name)) return null
  return String(name.value)
}

function otherKeys(root: YAMLMap): string[] {
  const out: string[] = []
  for (const pair of root.items) {
    const key = keyName(pair)
    if (!FORM_KEYS.has(key)) out.push(key)
    else if (key === 'metric' && isMap(pair.value)) {
      for (const p of pair.value.items) if (!METRIC_FORM_KEYS.has(keyName(p))) out.push(`metric.${keyName(p)}`)
    } else if (key === 'dataset' && isMap(pair.value)) {
      for (const p of pair.value.items) if (keyName(p) !== 'name') out.push(`dataset.${keyName(p)}`)
    }
  }
  return out
}

function readParams(map: YAMLMap, parent: readonly string[]): ParamRow[] {
  return map.items.map((pair) => readParam(keyName(pair), pair.value, [...parent, keyName(pair)]))
}

function readParam(name: string, node: unknown, path: readonly string[]): ParamRow {
  const row: ParamRow = { name, path, kind: 'yaml-only', distribution: null, inferred: null, fields: {}, lockedFields: [], children: [], yamlOnly: [] }
  if (!isMap(node)) return row
  const keys = node.items.map(keyName)
  const dist = node.get('distribution', true)
  row.distribution = isScalar(dist) ? String(dist.value) : null
  const shown = new Set<string>()
  const show = (field: ParamField, list = false) => {
    shown.add(field)
    if (!node.has(field)) return void (row.fields[field] = '')
    const text = list ? listText(node.get(field, true)) : valueText(node.get(field, true))
    row.fields[field] = text ?? ''
    if (text === null || (NUMBER_KEYS as readonly string[]).includes(field) && !isNumberNode(node.get(field, true))) row.lockedFields.push(field)
  }

  if (keys.includes('parameters')) {
    const inner = node.get('parameters', true)
    if (!isMap(inner)) return { ...row, yamlOnly: keys }
    row.kind = 'nested'
    row.children = readParams(inner, path)
    shown.add('parameters')
  } else if (keys.includes('values')) {
    row.kind = 'values'
    show('values', true)
    if (keys.includes('probabilities')) show('probabilities', true)
    if (row.distribution === 'categorical' || row.distribution === 'categorical_w_probabilities') shown.add('distribution')
  } else if (keys.includes('value')) {
    row.kind = 'value'
    show('value')
    if (row.distribution === 'constant') shown.add('distribution')
  } else if (keys.some((k) => k === 'distribution' || (NUMBER_KEYS as readonly string[]).includes(k))) {
    row.kind = 'distribution'
    shown.add('distribution')
    const effective = isRangeDistribution(row.distribution) ? row.distribution : row.distribution === null ? inferDistribution(node) : null
    if (row.distribution === null) row.inferred = effective
    for (const k of effective ? DISTRIBUTION_KEYS[effective].keys : NUMBER_KEYS) show(k)
  }
  row.yamlOnly = keys.filter((k) => !shown.has(k))
  return row
}

/** W&B's inference when `distribution` is left out (docs/sweep-file.md). */
function inferDistribution(node: YAMLMap): RangeDistribution | null {
  if (node.has('min') && node.has('max')) {
    return isIntegerLiteral(node.get('min', true)) && isIntegerLiteral(node.get('max', true)) ? 'int_uniform' : 'uniform'
  }
  if (node.has('mu') || node.has('sigma')) return 'normal'
  return null
}

function isNumberNode(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'number'
}

/** `3` and `0x10` are integers; `3.0` and `1e3` are floats: the engine decides by how a number is written. */
export function isIntegerLiteral(node: unknown): boolean {
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return false
  if (node.format === 'HEX' || node.format === 'OCT' || node.format === 'BIN') return true
  return !/[.eE]/.test(node.source ?? String(node.value))
}
