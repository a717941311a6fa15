/**
 * Entry of the browser GPU worker's page bundle (built by build-page.ts, served by the host): it
 * registers the WebGPU and wasm backends beside TF.js's own webgl and cpu, and exposes the page
 * worker as `globalThis.sweeplabWorker` for the host to call.
 */
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-webgpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { createPageWorker } from '../page-worker.ts'
import { PAGE_GLOBAL } from '../page-global.ts'
import { createBrowserSelectBackend, probeBrowserBackends, type ProbedBackend } from './browser-backend.ts'

// Silences TF.js's debug checks (a NaN scan of every kernel output), as in the Node workers.
tf.env().set('PROD', true)
// The .wasm files sit beside index.html (build-page.ts copies them there).
setWasmPaths(new URL('./', (globalThis as unknown as { location: { href: string } }).location.href).href)

let probed: Promise<ProbedBackend[]> | null = null
const probe = () => (probed ??= probeBrowserBackends())

;(globalThis as Record<string, unknown>)[PAGE_GLOBAL] = createPageWorker({
  selectBackend: createBrowserSelectBackend(probe),
  probe: async () => (await probe()).map(({ name, available, detail }) => ({ name, available, detail })),
  userAgent: (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent,
  numTensors: () => tf.memory().numTensors,
})
