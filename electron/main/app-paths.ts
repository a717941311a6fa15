import { join } from 'node:path'

/** Files the shell hands to Electron and the engine. */
export interface AppPaths {
  preload: string
  /** The built renderer, served as app://sweeplab/. */
  rendererDir: string
  workerEntry: string
  /** The built page the GPU (browser) trial workers load (browser-gpu-host.ts). */
  gpuWorkerPageDir: string
  datasetsDir: string
  examplesDir: string
  readme: string
  docsDir: string
}

/**
 * Paths from where the bundle runs (`mainDir`: out/main, written by electron-vite) and the app's
 * root (`app.getAppPath()`: the checkout, or app.asar once packaged; Electron reads inside it).
 * The engine's own defaults are relative to its source files, which are bundled into out/main, so
 * every path it needs is passed explicitly.
 */
export function resolveAppPaths(mainDir: string, appPath: string): AppPaths {
  return {
    preload: join(mainDir, '../preload/preload.cjs'),
    rendererDir: join(mainDir, '../renderer'),
    workerEntry: join(mainDir, 'worker.js'),
    gpuWorkerPageDir: join(mainDir, '../browser-worker'),
    datasetsDir: join(appPath, 'resources', 'datasets'),
    examplesDir: join(appPath, 'resources', 'examples'),
    readme: join(appPath, 'README.md'),
    docsDir: join(appPath, 'docs'),
  }
}
