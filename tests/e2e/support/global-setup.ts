import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { E2E_OUTPUT, RENDERER_OUT, REPO_ROOT } from './paths.ts'

/** What the built renderer is made from: a change to any of these makes out/renderer stale. */
const BUILD_INPUTS = ['renderer', 'shared', 'electron.vite.config.ts', 'package.json']

function newestMtime(path: string): number {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** True when out/renderer is missing or older than any of its sources. */
export function rendererIsStale(): boolean {
  const index = join(RENDERER_OUT, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return BUILD_INPUTS.some((p) => newestMtime(join(REPO_ROOT, p)) > built)
}

/** Builds the renderer (`npm run build`) when out/renderer is missing or stale. */
export function buildRendererIfStale(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (!rendererIsStale()) return
  log('out/renderer is missing or older than its sources; running `npm run build`')
  const t0 = Date.now()
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.status !== 0) {
    throw new Error(`\`npm run build\` failed (exit ${r.status ?? r.signal}); browser mode needs the built renderer:\n${r.stdout}\n${r.stderr}`)
  }
  log(`renderer built in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}

/** Vitest global setup: empties the screenshot folder and builds the renderer once when needed. */
export function setup(): void {
  rmSync(E2E_OUTPUT, { recursive: true, force: true })
  mkdirSync(E2E_OUTPUT, { recursive: true })
  buildRendererIfStale((l) => process.stderr.write(`e2e: ${l}\n`))
}
