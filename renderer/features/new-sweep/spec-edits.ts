import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq } from 'yaml'
import type { Document } from 'yaml'
import { assertNever } from '../../../shared/errors.ts'
import { applyParamEdit, type ParamEdit } from './param-edits.ts'
import type { TopField } from './spec-form.ts'
import { parseSpecDocument, printSpecDocument } from './spec-yaml.ts'
import { mapAt, putValue, rootMap, stringNode } from './yaml-map.ts'

/** One change made in the form; `applySpecEdit` turns it into a change of the YAML text. */
export type SpecEdit =
  | { type: 'set-field'; field: TopField; text: string }
  | { type: 'set-runner'; runner: 'trainer' | 'program' }
  | ParamEdit

export type EditResult = { ok: true; text: string } | { ok: false; message: string }

/** A changed value is written in place; an error (bad number, taken name) leaves the text as it was. */
export type Outcome = { ok: true } | { ok: false; message: string }

export const OK: Outcome = { ok: true }

const PARAMETERS = 'parameters'
export const DEFAULT_TRAINER = 'text-classifier'
export const DEFAULT_PROGRAM = 'train.py'

/**
 * Applies a form edit to the sweep file through the yaml Document API, so comments, layout and
 * keys the form does not know survive; only the edited value changes.
 */
export function applySpecEdit(text: string, edit: SpecEdit): EditResult {
  const doc = parseSpecDocument(text)
  if (doc.errors.length > 0) return { ok: false, message: 'fix the YAML syntax error first' }
  const root = rootMap(doc)
  if (!root) return { ok: false, message: 'the file is not a mapping of keys' }
  const outcome = applyToDocument(doc, root, edit)
  return outcome.ok ? { ok: true, text: printSpecDocument(doc) } : outcome
}

function applyToDocument(doc: Document, root: YAMLMap, edit: SpecEdit): Outcome {
  switch (edit.type) {
    case 'set-field': return setField(doc, root, edit.field, edit.text)
    case 'set-runner': return setRunner(doc, root, edit.runner)
    case 'add-param':
    case 'remove-param':
    case 'rename-param':
    case 'move-param':
    case 'set-param-kind':
    case 'set-distribution':
    case 'set-param-field':
      return applyParamEdit(doc, root, edit)
    default: return assertNever(edit, 'spec edit')
  }
}

function setField(doc: Document, root: YAMLMap, field: TopField, text: string): Outcome {
  switch (field) {
    case 'name':
    case 'description':
    case 'method':
    case 'trainer':
    case 'program':
      return setString(doc, root, field, text)
    case 'runCap': return setCount(doc, root, 'run_cap', text)
    case 'workers': return setCount(doc, root, 'workers', text)
    case 'metricName': return setMetric(doc, root, 'name', text)
    case 'metricGoal': return setMetric(doc, root, 'goal', text)
    case 'dataset': return setDataset(doc, root, text)
    case 'command': return setCommand(doc, root, text)
    default: return assertNever(field, 'form field')
  }
}

function setString(doc: Document, map: YAMLMap, key: string, text: string): Outcome {
  if (text.trim() === '') map.delete(key)
  else putValue(doc, map, key, stringNode(doc, text), PARAMETERS)
  return OK
}

function setCount(doc: Document, root: YAMLMap, key: string, text: string): Outcome {
  const t = text.trim()
  if (t === '') {
    root.delete(key)
    return OK
  }
  if (!/^\d+$/.test(t) || Number(t) < 1) return { ok: false, message: 'a whole number, at least 1' }
  putValue(doc, root, key, doc.createNode(Number(t)), PARAMETERS)
  return OK
}

/** Clearing the metric name removes `metric` unless it holds more than name and goal (e.g. a target). */
function setMetric(doc: Document, root: YAMLMap, key: 'name' | 'goal', text: string): Outcome {
  let metric = mapAt(doc, ['metric'])
  if (key === 'name' && text.trim() === '') {
    if (!metric) return OK
    metric.delete('name')
    if (metric.items.every((p) => isScalar(p.key) && p.key.value === 'goal')) root.delete('metric')
    return OK
  }
  if (!metric) {
    if (root.has('metric')) return { ok: false, message: 'metric is not a mapping; edit it in the YAML' }
    metric = new YAMLMap()
    putValue(doc, root, 'metric', metric, PARAMETERS)
  }
  return setString(doc, metric, key, text)
}

/** `dataset: spam` stays a name; `dataset: {name: spam, ...}` gets a new name and keeps its other keys. */
function setDataset(doc: Document, root: YAMLMap, name: string): Outcome {
  const current = root.get('dataset', true)
  if (isMap(current)) {
    if (name.trim() === '') return { ok: false, message: 'choose a dataset' }
    putValue(doc, current, 'name', stringNode(doc, name))
    return OK
  }
  return setString(doc, root, 'dataset', name)
}

/** One argument per line; a flow list (`[python3, ...]`) stays a flow list. */
function setCommand(doc: Document, root: YAMLMap, text: string): Outcome {
  const args = text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  if (args.length === 0) {
    root.delete('command')
    return OK
  }
  const current = root.get('command', true)
  const seq = new YAMLSeq()
  seq.flow = isSeq(current) && current.flow === true
  for (const a of args) seq.add(stringNode(doc, a))
  putValue(doc, root, 'command', seq, PARAMETERS)
  return OK
}

/** A trial runs a built-in trainer or a command, never both (the engine refuses the mix). */
function setRunner(doc: Document, root: YAMLMap, runner: 'trainer' | 'program'): Outcome {
  if (runner === 'trainer') {
    root.delete('program')
    root.delete('command')
    if (!root.has('trainer')) putValue(doc, root, 'trainer', stringNode(doc, DEFAULT_TRAINER), PARAMETERS)
  } else {
    root.delete('trainer')
    if (!root.has('program') && !root.has('command')) putValue(doc, root, 'program', stringNode(doc, DEFAULT_PROGRAM), PARAMETERS)
  }
  return OK
}
