import { DATASET_NAME_PATTERN } from '../../../shared/dataset-spec.ts'

/** A dataset name from a file path: `~/data/My Reviews.v2.csv` → `my-reviews.v2`. */
export function suggestDatasetName(path: string): string {
  const base = path.trim().replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? ''
  const stem = base.replace(/\.(csv|tsv|jsonl|ndjson|json|txt)$/i, '')
  return stem.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '').slice(0, 64)
}

/**
 * What is wrong with the form's path and name, checked before asking the engine. The engine
 * resolves a relative path against its own working folder (not the user's), and does not expand
 * `~`, so only full paths are accepted.
 */
export function checkAddDatasetInput(path: string, name: string): { path?: string; name?: string } {
  const problems: { path?: string; name?: string } = {}
  const p = path.trim()
  if (!p) problems.path = 'Give the file or folder to import.'
  else if (p.startsWith('~')) problems.path = 'Write the home folder out in full (e.g. /home/you/…): ~ is not expanded.'
  else if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p)) problems.path = 'Give the full path (starting with / or a drive letter): a relative one would be read from the engine\'s folder.'
  if (!name) problems.name = 'Give the name sweep files will use (dataset: NAME).'
  else if (!DATASET_NAME_PATTERN.test(name)) problems.name = 'Use 1–64 lowercase letters, digits, . _ or -, starting with a letter or digit.'
  return problems
}
