import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { createEngine } from '../engine.ts'
import type { Engine } from '../engine-types.ts'
import { useTempDir } from '../store/test-helpers.ts'

/**
 * A fresh engine on a workspace in a temp folder for each test (two workers, short grace periods),
 * shut down after it. Returns getters: the engine and the folder only exist inside a test.
 */
export function useTestEngine(): { engine: () => Engine; dir: () => string } {
  const dir = useTempDir()
  let engine: Engine | undefined
  beforeEach(() => {
    engine = createEngine({ dbPath: join(dir(), 'workspace.db'), maxWorkers: 2, shutdownGraceMs: 500 })
  })
  afterEach(async () => {
    await engine?.shutdown({ graceMs: 200 })
    engine = undefined
  })
  return {
    engine: () => {
      if (!engine) throw new Error('useTestEngine: the engine exists only inside a test')
      return engine
    },
    dir,
  }
}
