import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const CLI_ENTRY = join(REPO_ROOT, 'bin', 'sweeplab.mjs')
export const RENDERER_OUT = join(REPO_ROOT, 'out', 'renderer')
/** Screenshots and other artefacts of a run (gitignored). */
export const E2E_OUTPUT = join(REPO_ROOT, 'tests', 'e2e', 'output')
export const FIXTURES = join(REPO_ROOT, 'tests', 'e2e', 'fixtures')
