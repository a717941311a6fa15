import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml'
import type { Document, Node, Pair, YAMLMap } from 'yaml'
import type { DocPath, SpecProblem } from './spec-problem.ts'

export interface SourcePosition {
  line: number
  column: number
}

/** A parsed sweep document that can say where each of its values was written. */
export interface YamlSource {
  /** The document as plain data (null for an empty document). */
  readonly data: unknown
  /** 1-based position of the value at `path` or of its key; falls back to the deepest ancestor that exists. */
  locate(path: DocPath, anchor: 'value' | 'key'): SourcePosition
  /** True when the number at `path` was written as an integer (`3`, `0x10`), false for `3.0` or `1e3`. */
  isIntegerLiteral(path: DocPath): boolean
  /** Position of character `offset` inside the string at `path` (one-line scalars; else the string's start). */
  locateInString(path: DocPath, offset: number): SourcePosition
}

export type LoadYamlResult = { ok: true; source: YamlSource } | { ok: false; problems: SpecProblem[] }

/** Alias expansions allowed while building the data; more means a "billion laughs" file. */
const MAX_ALIAS_COUNT = 1000
const MAX_SYNTAX_PROBLEMS = 20
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp'
const BOOL_TAG = 'tag:yaml.org,2002:bool'
/** PyYAML's YAML 1.1 booleans; the yaml package also takes y/n, which would turn a parameter `n:` into `false`. */
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/

/**
 * Parses YAML (JSON is YAML) the way W&B's PyYAML `safe_load` reads it: YAML 1.1, so `yes`/`no`/`on`/`off`
 * are booleans and `<<` merge keys work. Timestamps stay strings so every value is JSON.
 */
export function loadYamlSource(text: string): LoadYamlResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    version: '1.1',
    keepSourceTokens: true,
    lineCounter,
    prettyErrors: false,
    // The package's own duplicate-key check is quadratic in a map's size (20k keys: 3.5 s); findDuplicateKeys is linear.
    uniqueKeys: false,
    customTags: (tags) =>
      tags
        .filter((t) => typeof t === 'string' || t.tag !== TIMESTAMP_TAG)
        .map((t) => {
          if (typeof t === 'string' || t.tag !== BOOL_TAG || !('test' in t) || !t.test) return t
          return { ...t, test: t.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE }
        }),
  })
  if (doc.errors.length > 0) {
    // The parser recurses per nesting level and reports a stack overflow as an error of its own, once per level it unwinds through.
    const overflow = doc.errors.find((e) => /call stack/i.test(e.message))
    if (overflow) {
      const pos = lineCounter.linePos(overflow.pos[0])
      return { ok: false, problems: [{ code: 'spec/too-large', path: [], anchor: 'value', message: 'the document nests too deeply', position: { line: pos.line, column: pos.col } }] }
    }
    return {
      ok: false,
      problems: doc.errors.slice(0, MAX_SYNTAX_PROBLEMS).map((e): SpecProblem => {
        const pos = lineCounter.linePos(e.pos[0])
        return { code: 'spec/parse', path: [], anchor: 'value', message: `YAML syntax error: ${e.message}`, position: { line: pos.line, column: pos.col } }
      }),
    }
  }
  const duplicates = findDuplicateKeys(doc)
  if (duplicates.length > 0) {
    return {
      ok: false,
      problems: duplicates.slice(0, MAX_SYNTAX_PROBLEMS).map(({ key, offset, firstOffset }) => {
        const pos = lineCounter.linePos(offset)
        const first = lineCounter.linePos(firstOffset)
        return { code: 'spec/parse', path: [], anchor: 'value', message: `duplicate key '${key}' (first written at line ${first.line}); a key may appear once per mapping`, position: { line: pos.line, column: pos.col } }
      }),
    }
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (e) {
    // yaml throws a ReferenceError for alias bombs; anything else here is also about the document's size.
    const message = e instanceof Error ? e.message : String(e)
    return { ok: false, problems: [{ code: 'spec/too-large', path: [], anchor: 'value', message: `the document expands too much: ${message}`, position: { line: 1, column: 1 } }] }
  }

  const positionOf = (node: Node | null | undefined): SourcePosition | undefined => {
    const offset = node?.range?.[0]
    if (offset === undefined) return undefined
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }

  return {
    ok: true,
    source: {
      data,
      locate(path, anchor) {
        const found = walk(doc, path)
        const complete = found.matched === path.length
        const preferKey = anchor === 'key' || !complete
        const node = preferKey ? (found.key ?? found.value) : (found.value ?? found.key)
        return positionOf(node) ?? positionOf(found.key) ?? positionOf(doc.contents) ?? { line: 1, column: 1 }
      },
      locateInString(path, offset) {
        const found = walk(doc, path)
        const start = positionOf(found.value)
        if (found.matched !== path.length || !isScalar(found.value) || !start) return this.locate(path, 'value')
        const { type, source } = found.value
        const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE'
        // Escapes and folded lines shift characters; the caret then stays at the string's start.
        if ((type !== 'PLAIN' && !quoted) || (source ?? '').includes('\n') || (type === 'QUOTE_DOUBLE' && (source ?? '').includes('\\'))) return start
        return { line: start.line, column: start.column + offset + (quoted ? 1 : 0) }
      },
      isIntegerLiteral(path) {
        const found = walk(doc, path)
        if (found.matched !== path.length || !isScalar(found.value)) return false
        const { value, format, source } = found.value
        if (typeof value !== 'number' || !Number.isInteger(value)) return false
        if (format === 'HEX' || format === 'OCT' || format === 'BIN') return true
        return !/[.eE]/.test(source ?? String(value))
      },
    },
  }
}

interface WalkResult {
  /** How many path segments were found. */
  matched: number
  /** The node at the deepest matched segment (a value), and the key node it hangs from (or the list item). */
  value: Node | null | undefined
  key: Node | null | undefined
}

function walk(doc: Document, path: DocPath): WalkResult {
  let current: Node | null | undefined = doc.contents
  let key: Node | null | undefined
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number
    const node = resolveAlias(doc, current)
    if (isMap(node)) {
      const pair = findPair(doc, node, String(seg))
      if (!pair) return { matched: i, value: current, key }
      key = pair.key as Node
      current = pair.value as Node | null
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      current = node.items[seg] as Node
      key = current
    } else {
      return { matched: i, value: current, key }
    }
  }
  return { matched: path.length, value: current, key }
}

function resolveAlias(doc: Document, node: Node | null | undefined): Node | null | undefined {
  // Aliases may chain; the document's alias limit already bounds this loop.
  let n = node
  for (let hops = 0; n && isAlias(n) && hops < 100; hops++) n = n.resolve(doc) as Node | undefined
  return n
}

/** Per-map key index: looking keys up by scanning would make locating n parameters O(n²). */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>()

function indexPairs(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map)
  if (!index) {
    index = new Map()
    for (const pair of map.items) {
      if (isScalar(pair.key) && typeof pair.key.value !== 'symbol') {
        const key = String(pair.key.value)
        if (!index.has(key)) index.set(key, pair)
      }
    }
    pairIndexes.set(map, index)
  }
  return index
}

function findPair(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const direct = indexPairs(map).get(key)
  if (direct) return direct
  if (depth > 10) return undefined
  // `<<: *base` (merge keys): the key lives in the merged map.
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue
    const sources = resolveAlias(doc, pair.value as Node)
    const maps = isSeq(sources) ? sources.items.map((n) => resolveAlias(doc, n as Node)) : [sources]
    for (const m of maps) {
      if (!isMap(m)) continue
      const found = findPair(doc, m, key, depth + 1)
      if (found) return found
    }
  }
  return undefined
}

interface DuplicateKey {
  key: string
  offset: number
  firstOffset: number
}

/** Keys written twice in one mapping (PyYAML would silently keep the last). Iterative: no stack limit. */
function findDuplicateKeys(doc: Document): DuplicateKey[] {
  const found: DuplicateKey[] = []
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isMap(node)) {
      const seen = new Map<string, number>()
      for (const pair of node.items) {
        if (isScalar(pair.key) && typeof pair.key.value !== 'symbol') {
          const key = String(pair.key.value)
          const offset = pair.key.range?.[0] ?? 0
          const first = seen.get(key)
          if (first !== undefined) found.push({ key, offset, firstOffset: first })
          else seen.set(key, offset)
        }
        stack.push(pair.value)
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item)
    }
  }
  return found.sort((a, b) => a.offset - b.offset)
}
