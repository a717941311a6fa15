import type { SelectBackend } from '../train/backend-types.ts'
import type { TrialFiles } from '../train/trial-files.ts'
import { createDirFiles } from './dir-files.ts'

/** backend.ts, loaded on first use: TF.js stays out of workers that only run commands. */
const selectNodeBackend: SelectBackend = async (opts) => (await import('../train/backend.ts')).selectBackend(opts)

/** The platform parts of a TrainerContext in a Node worker: the trial folder and backend.ts. */
export function nodeTrainerPlatform(trialDir: string): { files: TrialFiles; selectBackend: SelectBackend } {
  return { files: createDirFiles(trialDir), selectBackend: selectNodeBackend }
}
