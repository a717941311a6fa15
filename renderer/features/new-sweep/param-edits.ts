import { isMap, isScalar, isSeq, YAMLMap } from 'yaml'
import type { Document, Node as YamlNode } from 'yaml'
import { assertNever } from '../../../shared/errors.ts'
import { PARAMETER_NAME_PATTERN } from '../../../shared/sweep-spec.ts'
import { defaultBounds, DISTRIBUTION_KEYS, NUMBER_KEYS } from './param-kinds.ts'
import type { ParamField, ParamKind, RangeDistribution } from './param-kinds.ts'
import { seedNodes } from './param-seeds.ts'
import { parseListText, parseValueText } from './spec-yaml.ts'
import { indexOfKey, mapAt, putValue, stringNode } from './yaml-map.ts'

type ParamPath = readonly string[]

/** Form edits of the parameters; a path is the chain of parameter names from the top. */
export type ParamEdit =
  | { type: 'add-param'; parent: ParamPath }
  | { type: 'remove-param'; path: ParamPath }
  | { type: 'rename-param'; path: ParamPath; name: string }
  | { type: 'move-param'; path: ParamPath; offset: -1 | 1 }
  | { type: 'set-param-kind'; path: ParamPath; kind: Exclude<ParamKind, 'yaml-only'> }
  | { type: 'set-distribution'; path: ParamPath; distribution: RangeDistribution | '' }
  | { type: 'set-param-field'; path: ParamPath; field: ParamField; text: string }

type Outcome = { ok: true } | { ok: false; message: string }
const OK: Outcome = { ok: true }

/** Where the parameters of `parent` live: `parameters`, `parameters.opt.parameters`, ... */
export function childrenPath(parent: ParamPath): string[] {
  return ['parameters', ...parent.flatMap((name) => [name, 'parameters'])]
}

export function applyParamEdit(doc: Document, root: YAMLMap, edit: ParamEdit): Outcome {
  if (edit.type === 'add-param') return addParam(doc, root, edit.parent)
  const siblings = mapAt(doc, childrenPath(edit.path.slice(0, -1)))
  const name = edit.path[edit.path.length - 1]
  if (!siblings || name === undefined || !siblings.has(name)) return { ok: false, message: `no parameter ${edit.path.join('.')}` }
  switch (edit.type) {
    case 'remove-param':
      siblings.delete(name)
      return OK
    case 'rename-param': return renameParam(siblings, name, edit.name)
    case 'move-param': return moveParam(siblings, name, edit.offset)
    case 'set-param-kind': return setKind(doc, siblings, name, edit.kind)
    case 'set-distribution': return setDistribution(doc, paramMap(doc, siblings, name), edit.distribution)
    case 'set-param-field': return setParamField(doc, paramMap(doc, siblings, name), edit.field, edit.text)
    default: return assertNever(edit, 'parameter edit')
  }
}

/** The parameter's mapping; a parameter written as a bare value becomes one so the form can fill it. */
function paramMap(doc: Document, siblings: YAMLMap, name: string): YAMLMap {
  const node = siblings.get(name, true)
  if (isMap(node)) return node
  const map = new YAMLMap()
  map.flow = true
  putValue(doc, siblings, name, map)
  return map
}

function addParam(doc: Document, root: YAMLMap, parent: ParamPath): Outcome {
  let siblings = mapAt(doc, childrenPath(parent))
  if (!siblings) {
    const holder = parent.length === 0 ? root : mapAt(doc, childrenPath(parent.slice(0, -1)))?.get(parent[parent.length - 1]!, true)
    if (!isMap(holder) || holder.has('parameters')) return { ok: false, message: 'parameters is not a mapping; edit it in the YAML' }
    siblings = new YAMLMap()
    putValue(doc, holder, 'parameters', siblings)
  }
  let n = siblings.items.length + 1
  while (siblings.has(`param${n}`)) n++
  const last = siblings.items[siblings.items.length - 1]?.value
  const map = new YAMLMap()
  // A new row follows its neighbours' style: `{values: [...]}` beside flow rows, a block beside block ones.
  map.flow = !isMap(last) || last.flow === true
  const values = parseListText('1, 2')
  if (values.ok) map.set('values', values.node)
  siblings.set(`param${n}`, map)
  return OK
}

function renameParam(siblings: YAMLMap, from: string, to: string): Outcome {
  if (to === from) return OK
  if (!PARAMETER_NAME_PATTERN.test(to)) return { ok: false, message: 'a name starts with a letter or _ and has only letters, digits, _ . -' }
  if (siblings.has(to)) return { ok: false, message: `there is already a parameter ${to}` }
  const pair = siblings.items[indexOfKey(siblings, from)]!
  if (isScalar(pair.key)) pair.key.value = to
  else pair.key = to
  return OK
}

/** Order matters: a grid enumerates parameters in file order, the last varying fastest. */
function moveParam(siblings: YAMLMap, name: string, offset: -1 | 1): Outcome {
  const i = indexOfKey(siblings, name)
  const j = i + offset
  if (j < 0 || j >= siblings.items.length) return OK
  const items = siblings.items
  ;[items[i], items[j]] = [items[j]!, items[i]!]
  return OK
}

/** Rewrites the parameter for another kind, carrying what it can (a value into a list, a list's range into min/max). */
function setKind(doc: Document, siblings: YAMLMap, name: string, kind: Exclude<ParamKind, 'yaml-only'>): Outcome {
  const map = paramMap(doc, siblings, name)
  const seeds = seedNodes(map, kind)
  map.items = []
  for (const [key, node] of seeds) map.set(key, node)
  return OK
}

function setDistribution(doc: Document, map: YAMLMap, distribution: RangeDistribution | ''): Outcome {
  if (distribution === '') {
    map.delete('distribution')
    return OK
  }
  if (map.has('distribution')) putValue(doc, map, 'distribution', stringNode(doc, distribution))
  else map.items.unshift(doc.createPair('distribution', distribution))
  const { keys, required } = DISTRIBUTION_KEYS[distribution]
  for (const k of NUMBER_KEYS) if (!keys.includes(k)) map.delete(k)
  for (const k of required) {
    if (map.has(k)) continue
    const parsed = parseValueText(defaultBounds(distribution)[k as 'min' | 'max'])
    if (parsed.ok) map.set(k, parsed.node)
  }
  return OK
}

function setParamField(doc: Document, map: YAMLMap, field: ParamField, text: string): Outcome {
  if (field === 'values' || field === 'probabilities') {
    if (text.trim() === '' && field === 'probabilities') {
      map.delete(field)
      return OK
    }
    const parsed = parseListText(text)
    if (!parsed.ok) return parsed
    const old = map.get(field, true)
    // A block list stays a block list.
    if (isSeq(old) && !old.flow && isSeq(parsed.node)) parsed.node.flow = false
    putValue(doc, map, field, parsed.node)
    return OK
  }
  if (field === 'value') {
    const parsed = parseValueText(text)
    if (!parsed.ok) return parsed
    putValue(doc, map, field, parsed.node)
    return OK
  }
  if (text.trim() === '') {
    if (field === 'min' || field === 'max') return { ok: false, message: `${field} is required` }
    map.delete(field)
    return OK
  }
  const parsed = parseValueText(text)
  if (!parsed.ok) return parsed
  if (!isScalar(parsed.node) || typeof parsed.node.value !== 'number') return { ok: false, message: 'expected a number' }
  putValue(doc, map, field, parsed.node as YamlNode)
  return OK
}
