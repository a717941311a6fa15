import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import config from '../../electron.vite.config.ts'
import { DEFAULT_STATIC_DIR } from '../cli/commands/serve.ts'
import { resolveAppPaths } from './app-paths.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('app paths', () => {
  const paths = resolveAppPaths(join(root, 'out', 'main'), root)

  it('point at what electron-vite writes: the CJS preload, the worker entry, the renderer browser mode serves', () => {
    const preload = config.preload?.build?.rollupOptions
    expect(Object.keys(preload?.input as Record<string, string>)).toEqual(['preload'])
    expect((preload?.output as { entryFileNames?: string }).entryFileNames).toBe('[name].cjs')
    expect(paths.preload).toBe(join(root, 'out', 'preload', 'preload.cjs'))
    expect(Object.keys(config.main?.build?.rollupOptions?.input as Record<string, string>)).toEqual(['main', 'worker'])
    expect(paths.workerEntry).toBe(join(root, 'out', 'main', 'worker.js'))
    expect(paths.gpuWorkerPageDir).toBe(join(root, 'out', 'browser-worker'))
    expect(paths.rendererDir).toBe(resolve(DEFAULT_STATIC_DIR))
  })

  it('find the bundled datasets, examples and docs in the app folder', () => {
    expect(paths.datasetsDir).toBe(join(root, 'resources', 'datasets'))
    expect(paths.examplesDir).toBe(join(root, 'resources', 'examples'))
    expect(paths.readme).toBe(join(root, 'README.md'))
    expect(paths.docsDir).toBe(join(root, 'docs'))
  })
})
