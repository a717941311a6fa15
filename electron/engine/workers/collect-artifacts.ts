import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface FoundArtifact {
  kind: string
  name: string
  path: string
  size: number
}

/** Files the engine itself put in a trial folder: not outputs of the trial. */
const OWN_FILES = new Set(['params.json', 'metrics.jsonl', 'job.json', 'slurm-stream.jsonl'])
const KNOWN: ReadonlyArray<[RegExp, string]> = [
  [/(^|\/)confusion_matrix\.json$/, 'confusion-matrix'],
  [/(^|\/)samples\.json$/, 'samples'],
]
/** A trial folder with more entries than this is listed only up to it (a script writing thousands of files). */
const MAX_ARTIFACTS = 200

function folderSize(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? folderSize(p) : e.isFile() ? statSync(p).size : 0
  }
  return total
}

/**
 * What a trial left in its folder: a saved TF.js model (a folder with model.json) counts as one
 * `weights` artifact; known result files get their kind; anything else is a `file`.
 */
export function collectArtifacts(trialDir: string): FoundArtifact[] {
  if (!existsSync(trialDir)) return []
  const out: FoundArtifact[] = []
  const visit = (dir: string, depth: number): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_ARTIFACTS) return
      const path = join(dir, e.name)
      const name = relative(trialDir, path)
      if (e.isDirectory()) {
        if (existsSync(join(path, 'model.json'))) out.push({ kind: 'weights', name, path, size: folderSize(path) })
        else if (depth < 3) visit(path, depth + 1)
      } else if (e.isFile() && !(depth === 0 && OWN_FILES.has(e.name))) {
        const kind = KNOWN.find(([re]) => re.test(name))?.[1] ?? 'file'
        out.push({ kind, name, path, size: statSync(path).size })
      }
    }
  }
  visit(trialDir, 0)
  return out
}
