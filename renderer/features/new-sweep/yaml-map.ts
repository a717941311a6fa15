import { isMap, isNode, isScalar, YAMLMap } from 'yaml'
import type { Document, Node as YamlNode, Pair } from 'yaml'

/** A mapping key as text (keys are scalars in sweep files; anything else is shown as YAML would). */
export function keyName(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key)
}

/** The mapping at `path`, or undefined when it is missing or not a mapping. */
export function mapAt(doc: Document, path: readonly string[]): YAMLMap | undefined {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true)
  return isMap(node) ? node : undefined
}

/** The root mapping, created for an empty document. */
export function rootMap(doc: Document): YAMLMap | undefined {
  if (doc.contents === null) doc.contents = new YAMLMap()
  return isMap(doc.contents) ? doc.contents : undefined
}

export function indexOfKey(map: YAMLMap, key: string): number {
  return map.items.findIndex((p) => keyName(p) === key)
}

/**
 * Sets `key` to `node`, keeping the comments and blank line that were around the old value so that
 * a form edit changes the value and nothing else. A new key goes before `before` when that key
 * exists (top-level keys land above `parameters`, as in the examples), else at the end.
 */
export function putValue(doc: Document, map: YAMLMap, key: string, node: YamlNode, before?: string): void {
  const i = indexOfKey(map, key)
  if (i >= 0) {
    const pair = map.items[i]!
    const old = pair.value
    if (isNode(old)) {
      node.comment ??= old.comment
      node.commentBefore ??= old.commentBefore
      node.spaceBefore ??= old.spaceBefore
    }
    pair.value = node
    return
  }
  const pair = doc.createPair(key, node)
  const at = before === undefined ? -1 : indexOfKey(map, before)
  if (at >= 0) map.items.splice(at, 0, pair)
  else map.items.push(pair)
}

/** A plain string scalar: typed text is never read as a number or boolean (`"yes"` stays text). */
export function stringNode(doc: Document, text: string): YamlNode {
  return doc.createNode(text) as YamlNode
}

/** A deep copy; the package types `clone()` loosely. */
export function copyNode<T extends YamlNode>(node: T): T {
  return node.clone() as T
}
