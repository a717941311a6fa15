import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from './helpers.ts'

/** The layering of DESIGN.md is enforced by lint: each case is a file that breaks it, linted as if it were in the tree. */
const cases: Array<[string, string, RegExp]> = [
  ['electron/engine/scheduler/x.ts', "import { app } from 'electron'\nexport const a = app\n", /Only electron\/main and electron\/preload may import electron/],
  ['electron/engine/x.ts', "import { x } from '../cli/main.ts'\nexport const a = x\n", /engine imports shared\/ and its own modules only/],
  ['electron/cli/x.ts', "import { ipcMain } from 'electron'\nexport const a = ipcMain\n", /Only electron\/main/],
  ['renderer/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n", /renderer imports shared\/ only/],
  ['renderer/x.ts', "import { createEngine } from '../electron/engine/engine.ts'\nexport const a = createEngine\n", /renderer imports shared\/ only/],
  ['shared/x.ts', "import Database from 'better-sqlite3'\nexport const a = Database\n", /shared\/ imports nothing of ours/],
  ['shared/x.ts', "import { useState } from 'react'\nexport const a = useState\n", /shared\/ is UI-free/],
]

describe('layering lint rules', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT })

  it.each(cases)('refuses %s importing across a boundary', async (filePath, code, message) => {
    const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}${filePath}` })
    const messages = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
    expect(messages.join('\n')).toMatch(message)
  })

  it('accepts the engine importing shared/ and the main process importing electron', async () => {
    const ok: Array<[string, string]> = [
      ['electron/engine/x.ts', "import { SweeplabError } from '../../shared/errors.ts'\nexport const a = SweeplabError\n"],
      ['electron/main/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ]
    for (const [filePath, code] of ok) {
      const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}${filePath}` })
      expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([])
    }
  })
})
