import { parseDocument } from 'yaml'

/** The top-level keys the edit dialog has fields for; everything else is edited in the YAML. */
export const EDIT_KEYS = ['run_cap', 'max_duration', 'workers'] as const
export type EditKey = (typeof EDIT_KEYS)[number]

/** A key's value as a field shows it ('' when unset or when the text does not parse). */
export function readKey(text: string, key: EditKey): string {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return ''
  const v: unknown = doc.get(key)
  return v === undefined || v === null ? '' : String(v)
}

/**
 * Sets one top-level key through the YAML document (comments and layout survive); an empty field
 * removes the key. Numbers stay numbers (`run_cap: 40`, `max_duration: 3600`); other text is a string
 * (`max_duration: 2h`). Text that does not parse is returned unchanged: the YAML pane shows why.
 */
export function writeKey(text: string, key: EditKey, field: string): string {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return text
  const trimmed = field.trim()
  if (trimmed === '') doc.deleteIn([key])
  else doc.setIn([key], /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed)
  return doc.toString({ flowCollectionPadding: false })
}
