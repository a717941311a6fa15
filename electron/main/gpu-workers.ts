import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserTrainingHost } from '../engine/workers/browser/host.ts'
import { createElectronGpuHost } from './browser-gpu-host.ts'

/**
 * The host for GPU trials (WebGPU/WebGL in hidden windows) when the worker page is built, else
 * undefined with the reason logged: the app works without it, only browser-backend trials do not.
 */
export async function startGpuWorkers(pageDir: string): Promise<BrowserTrainingHost | undefined> {
  if (!existsSync(join(pageDir, 'index.html'))) {
    console.warn(`sweeplab: no GPU worker page at ${pageDir} (npm run build makes it); browser-backend trials are unavailable`)
    return undefined
  }
  try {
    return await createElectronGpuHost({ pageDir })
  } catch (e) {
    console.warn('sweeplab: GPU workers unavailable:', e)
    return undefined
  }
}
