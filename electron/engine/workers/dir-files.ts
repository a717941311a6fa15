import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { prefixedFiles, type TrialFiles } from '../train/trial-files.ts'

/**
 * The trial folder as a TrialFiles. Each file is written to a temporary name and renamed, so a
 * crash mid-write never leaves a half-written model.json or confusion_matrix.json behind.
 */
export function createDirFiles(root: string): TrialFiles {
  return prefixedFiles(async (path, data) => {
    const full = join(root, ...path.split('/'))
    await mkdir(dirname(full), { recursive: true })
    const tmp = `${full}.tmp-${process.pid}`
    await writeFile(tmp, data)
    await rename(tmp, full)
  })
}
