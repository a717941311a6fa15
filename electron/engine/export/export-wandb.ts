import { LineCounter, isMap, isScalar, parseDocument } from 'yaml'
import type { Pair, YAMLMap } from 'yaml'
import { SweeplabError } from '../../../shared/errors.ts'

/** Sweeplab keys that change which trials run or how: W&B has nothing that means the same. */
const SEARCH_KEYS: Readonly<Record<string, string>> = {
  derived: 'derived values',
  constraints: 'constraints',
  trainer: 'a built-in trainer (W&B runs a program)',
  dataset: "a built-in trainer's dataset",
  cv: 'cross-validation of a built-in trainer',
  bayes: "options of Sweeplab's TPE (W&B's bayes has none)",
}

/** Sweeplab's settings of the local run: they do not change the search, and W&B's agent has its own. */
const RUNTIME_KEYS = ['workers', 'resources', 'seed', 'timeout', 'retries', 'env', 'cwd', 'backend', 'save'] as const

/** early_terminate types W&B has. */
const WANDB_EARLY_TERMINATE = new Set(['hyperband'])

export interface WandbExport {
  content: string
  /** Keys W&B cannot hold that were left out (with --drop-unsupported), as `path (line N): why`. */
  dropped: string[]
  /** Sweeplab's run settings left out (always), by key. */
  omitted: string[]
}

interface Found {
  path: string
  line: number
  why: string
  remove(): void
}

/**
 * The sweep file as W&B can run it: the file as the user wrote it (comments and layout kept), with
 * every key W&B has passed through. A key W&B cannot hold (`when:`, a `group:`, `derived:`,
 * `constraints:`, an asha/median `early_terminate`, a trainer...) refuses the export with the list of
 * them, unless `dropUnsupported` is set: then they are left out and listed. Sweeplab's run settings
 * (workers, seed, timeout, ...) are always left out and named in the file's header comment.
 */
export function exportWandbSpec(specText: string, sweep: { id: number; name: string }, opts: { dropUnsupported?: boolean } = {}): WandbExport {
  const lineCounter = new LineCounter()
  const doc = parseDocument(specText, { version: '1.1', lineCounter, uniqueKeys: false })
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new SweeplabError('export/unsupported', `the stored file of sweep ${sweep.id} does not parse as a YAML mapping: ${doc.errors[0]?.message ?? 'not a mapping'}`)
  }
  const root = doc.contents as YAMLMap
  const lineOf = (pair: Pair): number => {
    const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0]
    return offset === undefined ? 0 : lineCounter.linePos(offset).line
  }
  const unsupported = findUnsupported(root, lineOf)
  if (unsupported.length > 0 && !opts.dropUnsupported) {
    const list = unsupported.map((u) => `  ${u.path} (line ${u.line}): ${u.why}`).join('\n')
    throw new SweeplabError(
      'export/unsupported',
      `W&B cannot hold ${unsupported.length === 1 ? 'this key' : 'these keys'} of sweep ${sweep.id}:\n${list}\nExport with --drop-unsupported (the app: "Leave them out") to write the file without ${unsupported.length === 1 ? 'it' : 'them'}.`,
      { details: { keys: unsupported.map((u) => u.path) } },
    )
  }
  // Remove the deepest first so that the pairs found earlier stay where they were found.
  for (const u of [...unsupported].reverse()) u.remove()
  const omitted: string[] = []
  for (const key of RUNTIME_KEYS) {
    if (root.has(key)) {
      root.delete(key)
      omitted.push(key)
    }
  }
  const header = [
    `# W&B sweep file exported by Sweeplab from sweep ${sweep.id} (${sweep.name.replace(/\s+/g, ' ')})`,
    ...(unsupported.length > 0 ? [`# Left out, W&B cannot hold them: ${unsupported.map((u) => u.path).join(', ')}`] : []),
    ...(omitted.length > 0 ? [`# Left out, Sweeplab's own run settings: ${omitted.join(', ')}`] : []),
  ]
  // Untouched files go out byte for byte; an edited one is re-printed by the yaml package (comments kept).
  const edited = unsupported.length > 0 || omitted.length > 0
  const body = edited ? doc.toString({ lineWidth: 0, flowCollectionPadding: false }) : specText.endsWith('\n') ? specText : `${specText}\n`
  return { content: `${header.join('\n')}\n${body}`, dropped: unsupported.map((u) => `${u.path} (line ${u.line}): ${u.why}`), omitted }
}

function findUnsupported(root: YAMLMap, lineOf: (p: Pair) => number): Found[] {
  const found: Found[] = []
  for (const pair of root.items) {
    const key = keyOf(pair)
    if (key === undefined) continue
    if (Object.hasOwn(SEARCH_KEYS, key)) {
      found.push({ path: key, line: lineOf(pair), why: SEARCH_KEYS[key] as string, remove: () => root.delete(key) })
    }
    if (key === 'early_terminate' && isMap(pair.value)) {
      const type = (pair.value as YAMLMap).get('type')
      if (typeof type === 'string' && !WANDB_EARLY_TERMINATE.has(type)) {
        found.push({ path: 'early_terminate', line: lineOf(pair), why: `early_terminate type ${type} (W&B has hyperband only)`, remove: () => root.delete('early_terminate') })
      }
    }
    if (key === 'parameters' && isMap(pair.value)) findInParameters(pair.value as YAMLMap, 'parameters', found, lineOf)
  }
  return found
}

function findInParameters(params: YAMLMap, at: string, found: Found[], lineOf: (p: Pair) => number): void {
  for (const pair of params.items) {
    const name = keyOf(pair)
    if (name === undefined || !isMap(pair.value)) continue
    const p = pair.value as YAMLMap
    const path = `${at}.${name}`
    if (p.has('group')) {
      found.push({ path, line: lineOf(pair), why: 'a group (values swept together); W&B would cross them or pass one mapping', remove: () => params.delete(name) })
      continue
    }
    const when = p.items.find((item) => keyOf(item) === 'when')
    if (when) found.push({ path: `${path}.when`, line: lineOf(when), why: 'a condition; W&B always sweeps the parameter', remove: () => p.delete('when') })
    const nested = p.get('parameters')
    if (isMap(nested)) findInParameters(nested as YAMLMap, `${path}.parameters`, found, lineOf)
  }
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value !== 'symbol' ? String(pair.key.value) : undefined
}
