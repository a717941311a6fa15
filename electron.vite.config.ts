import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { buildWorkerPage } from './electron/engine/workers/browser/build-page.ts'

const root = import.meta.dirname

/** The browser GPU worker's page (TF.js + its webgpu/webgl/wasm backends), built beside the main bundle. */
const browserWorkerPage: Plugin = {
  name: 'sweeplab-browser-worker-page',
  apply: 'build',
  async closeBundle() {
    await buildWorkerPage(resolve(root, 'out/browser-worker'))
  },
}

export default defineConfig({
  main: {
    plugins: [browserWorkerPage],
    build: {
      rollupOptions: {
        input: {
          main: resolve(root, 'electron/main/main.ts'),
          worker: resolve(root, 'electron/engine/workers/worker-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { preload: resolve(root, 'electron/preload/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    // Plotly is built from source (PLATFORM.md §4): its deps expect Node's `global`, its GL traces
    // import `regl` by the name of plotly's fork, and maplibre's CSS (pulled in by plotly's registry,
    // used by no trace we register) would add ~83 kB of CSS.
    define: { global: 'window' },
    resolve: {
      alias: [
        { find: /^regl$/, replacement: '@plotly/regl' },
        { find: /^maplibre-gl\/dist\/maplibre-gl\.css$/, replacement: resolve(root, 'renderer/plots/empty.css') },
      ],
    },
    build: {
      minify: true,
      // The lazily loaded Plotly chunk is ~1.35 MB by design (PLATFORM.md §4); warn only beyond that.
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
})
