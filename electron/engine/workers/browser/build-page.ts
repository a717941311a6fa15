import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Builds the browser GPU worker's page (page/index.html → page-main.ts with TF.js and its webgpu,
 * webgl and wasm backends) with Vite. `electron-vite build` runs it for the app (out/browser-worker);
 * tests, the bench and `sweeplab --browser-gpu-workers` in a checkout build on demand into a cache
 * keyed by the sources, so a changed trainer is never trained from a stale bundle.
 */
const HERE = dirname(fileURLToPath(import.meta.url))
export const PAGE_SOURCE_DIR = join(HERE, 'page')
const ENGINE_DIR = resolve(HERE, '../..')
const REPO_ROOT = resolve(ENGINE_DIR, '../..')
const require = createRequire(import.meta.url)

/** The .wasm binaries tfjs-backend-wasm fetches, copied beside index.html (setWasmPaths('./')). */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']

/** Builds the page into `outDir` (replacing it). Needs vite (a devDependency): the app ships the built page. */
export async function buildWorkerPage(outDir: string): Promise<void> {
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: PAGE_SOURCE_DIR,
    base: './',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      // TF.js with three backends is one ~2 MB module by nature; splitting it would only add requests.
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: join(PAGE_SOURCE_DIR, 'index.html') },
    },
  })
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))
  for (const f of WASM_FILES) copyFileSync(join(wasmDir, f), join(outDir, f))
}

function listSources(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) listSources(p, out)
    else if (/\.(ts|html)$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(p)
  }
}

/** A key over what the page is built from: the engine's and shared/ sources (path, size, mtime) and the TF.js version. */
export function pageSourceKey(): string {
  const files: string[] = []
  listSources(ENGINE_DIR, files)
  listSources(join(REPO_ROOT, 'shared'), files)
  const h = createHash('sha256')
  for (const f of files.sort()) {
    const s = statSync(f)
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`)
  }
  h.update((require('@tensorflow/tfjs/package.json') as { version: string }).version)
  return h.digest('hex').slice(0, 16)
}

/**
 * A built page for the current sources: `node_modules/.cache/sweeplab-browser-worker/<key>`,
 * built (once, ~10 s) when missing. Concurrent builders each build into their own folder and the
 * first rename wins.
 */
export async function ensureWorkerPage(cacheRoot = join(REPO_ROOT, 'node_modules', '.cache', 'sweeplab-browser-worker')): Promise<string> {
  const dir = join(cacheRoot, pageSourceKey())
  if (existsSync(join(dir, 'index.html'))) return dir
  mkdirSync(cacheRoot, { recursive: true })
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`
  try {
    await buildWorkerPage(tmp)
    if (!existsSync(dir)) renameSync(tmp, dir)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  return dir
}
