import { Document, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml'
import type { Node as YamlNode, ParsedNode, Scalar, Tags } from 'yaml'

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp'
const BOOL_TAG = 'tag:yaml.org,2002:bool'
/** PyYAML's YAML 1.1 booleans; the yaml package also takes y/n, which would turn a parameter `n:` into `false`. */
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/
/** What JSON accepts as a number; YAML spellings such as `0x10` or `.inf` are not. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
/** A JSON mapping or list of scalars up to this width stays on one line. */
const JSON_INLINE_WIDTH = 72

/**
 * Reads a sweep file as the engine reads it (YAML 1.1 with PyYAML's booleans, no timestamps; JSON is
 * YAML), keeping comments and layout. The same tags matter for writing back: with the package's own
 * 1.1 tags, a parameter named `n` would be printed as `false` and a date would become a timestamp.
 */
export function parseSpecDocument(text: string): Document.Parsed {
  return parseDocument(text, { version: '1.1', customTags: pyyamlTags })
}

function pyyamlTags(tags: Tags): Tags {
  return tags
    .filter((t) => typeof t === 'string' || t.tag !== TIMESTAMP_TAG)
    .map((t) => {
      if (typeof t === 'string' || t.tag !== BOOL_TAG || !('test' in t) || !t.test) return t
      return { ...t, test: t.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE }
    })
}

/** True for a file written as JSON (its root is a flow mapping): form edits keep it JSON. */
export function isJsonDocument(doc: Document): boolean {
  return isMap(doc.contents) && doc.contents.flow === true
}

/** Prints a document after a form edit. YAML keeps the user's comments and layout; JSON stays JSON. */
export function printSpecDocument(doc: Document): string {
  if (isJsonDocument(doc)) return `${printJson(doc.contents, '')}\n`
  // lineWidth 0: never fold long strings or flow lists, which would reflow lines nobody edited.
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 })
}

export type ParsedValue = { ok: true; node: ParsedNode } | { ok: false; message: string }

/** Parses what was typed in a form field as one YAML value: `0.01`, `adam`, `"yes"`, `[32, 64]`, `{a: 1}`. */
export function parseValueText(text: string): ParsedValue {
  if (text.trim() === '') return { ok: false, message: 'enter a value (write "" for empty text)' }
  const doc = parseSpecDocument(text)
  const error = doc.errors[0]
  if (error) return { ok: false, message: `not a YAML value: ${firstLine(error.message)}` }
  if (doc.contents === null) return { ok: false, message: 'enter a value' }
  return { ok: true, node: doc.contents }
}

/** Parses a comma-separated list as typed in a form field (`0.1, 0.01` or `[16], [32, 32]`) into a flow list. */
export function parseListText(text: string): ParsedValue {
  if (text.trim() === '') return { ok: false, message: 'list at least one value' }
  const doc = parseSpecDocument(`[${text}]`)
  const error = doc.errors[0]
  if (error || !isSeq(doc.contents)) return { ok: false, message: `not a list of YAML values: ${firstLine(error?.message ?? '')}` }
  return { ok: true, node: doc.contents }
}

/** The one-line text a form field shows for a value, or null when it spans lines (a block string). */
export function valueText(node: unknown): string | null {
  if (!isNode(node)) return node === undefined ? '' : String(node)
  const text = printNode(flowCopy(node))
  return text.includes('\n') ? null : text
}

/** The items of a list as a form field shows them: `0.1, 0.01` (null when one spans lines). */
export function listText(node: unknown): string | null {
  if (!isSeq(node)) return null
  const text = valueText(node)
  return text === null ? null : text.slice(1, -1)
}

/** A copy without comments or blank lines, printed in flow style so it fits one input. */
function flowCopy(node: YamlNode): YamlNode {
  const copy = node.clone() as YamlNode
  visit(copy, (_key, n) => {
    if (isPair(n) || !isNode(n)) return
    n.comment = undefined
    n.commentBefore = undefined
    n.spaceBefore = undefined
    if (isMap(n) || isSeq(n)) n.flow = true
  })
  return copy
}

function printNode(node: YamlNode): string {
  const doc = new Document(null, { version: '1.1', customTags: pyyamlTags })
  doc.contents = node
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 }).trimEnd()
}

function printJson(node: unknown, indent: string): string {
  if (!isNode(node)) return JSON.stringify(node ?? null)
  if (isScalar(node)) return jsonScalar(node)
  const inner = `${indent}  `
  if (isSeq(node)) {
    const items = node.items.map((n) => printJson(n, inner))
    const line = `[${items.join(', ')}]`
    if (node.items.every((n) => isScalar(n)) && line.length <= JSON_INLINE_WIDTH) return line
    return items.length === 0 ? '[]' : `[\n${items.map((i) => inner + i).join(',\n')}\n${indent}]`
  }
  if (isMap(node)) {
    const entries = node.items.map((p) => `${JSON.stringify(String(isScalar(p.key) ? p.key.value : p.key))}: ${printJson(p.value, inner)}`)
    const line = `{${entries.join(', ')}}`
    const shallow = node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every((n) => isScalar(n))))
    if (shallow && line.length <= JSON_INLINE_WIDTH && indent !== '') return line
    return entries.length === 0 ? '{}' : `{\n${entries.map((e) => inner + e).join(',\n')}\n${indent}}`
  }
  return 'null'
}

function jsonScalar(node: Scalar): string {
  const v = node.value
  if (typeof v === 'number') {
    // Printed by YAML so that `1.0` stays a float (an integer min/max would make W&B infer int_uniform).
    const text = printNode(flowCopy(node))
    return JSON_NUMBER.test(text) ? text : JSON.stringify(Number.isFinite(v) ? v : String(v))
  }
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v)
  return JSON.stringify(String(v))
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message
}
