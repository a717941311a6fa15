import { existsSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { isInstalled } from '../package-installed.ts'
import { BROWSER_ONLY_BACKENDS, NODE_BACKEND_ORDER } from './param-specs.ts'
import type { BackendName } from './param-specs.ts'
import type { BackendChoice, SelectBackendOptions } from './backend-types.ts'

/**
 * Picks the TF.js backend a trainer runs on in a Node worker. Order of preference: tfjs-node-gpu
 * (CUDA), tfjs-node (libtensorflow, multi-threaded), wasm (XNNPACK; one thread in Node, PLATFORM.md
 * §8), cpu (plain JS). Optional packages are imported lazily, so a missing one costs a
 * `require.resolve` and nothing more. webgpu/webgl load only in a browser GPU worker's page.
 */
export type { BackendChoice, BackendName, SelectBackendOptions }
export { isBackendName } from './param-specs.ts'

export const BACKEND_ORDER: readonly BackendName[] = NODE_BACKEND_ORDER

const PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
} as const

/** A GPU is "visible" when the NVIDIA driver exposes one and CUDA_VISIBLE_DEVICES does not hide them all. */
function gpuVisible(): boolean {
  const cvd = process.env.CUDA_VISIBLE_DEVICES
  if (cvd !== undefined && (cvd.trim() === '' || cvd.trim() === '-1')) return false
  return existsSync('/proc/driver/nvidia/gpus') || existsSync('/dev/nvidia0')
}

// Silences TF.js's "install tfjs-node" banner and its debug-only checks (NaN scans of every kernel output).
tf.env().set('PROD', true)

let wasmLoaded: Promise<void> | null = null

async function tryTfjsNode(name: 'tensorflow-gpu' | 'tensorflow'): Promise<string | null> {
  const pkg = PACKAGES[name]
  if (!isInstalled(pkg)) {
    return name === 'tensorflow-gpu'
      ? `${pkg} not installed (needs libtensorflow with CUDA, downloaded at install time)`
      : `${pkg} not installed (needs libtensorflow, downloaded at install time)`
  }
  if (name === 'tensorflow-gpu' && !gpuVisible()) return 'no NVIDIA GPU visible'
  try {
    // The package registers the 'tensorflow' backend with TF.js's registry on import.
    await import(pkg)
    if (!(await tf.setBackend('tensorflow'))) return `${pkg} is installed but its backend failed to initialize`
    return null
  } catch (e) {
    return `${pkg} failed to load: ${firstLine(e)}`
  }
}

async function tryWasm(): Promise<{ simd: boolean; threads: number } | string> {
  if (!isInstalled(PACKAGES.wasm)) return `${PACKAGES.wasm} not installed`
  try {
    wasmLoaded ??= import('@tensorflow/tfjs-backend-wasm').then(() => undefined)
    await wasmLoaded
    if (!(await tf.setBackend('wasm'))) return 'tfjs-backend-wasm failed to initialize'
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean
    return { simd, threads: wasm.getThreadsCount() }
  } catch (e) {
    return `tfjs-backend-wasm failed to load: ${firstLine(e)}`
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0] ?? 'unknown error'
}

async function load(name: BackendName): Promise<{ ok: true; simd?: boolean; threads?: number } | { ok: false; why: string }> {
  if (BROWSER_ONLY_BACKENDS.includes(name)) {
    return { ok: false, why: `${name} runs only in a browser GPU worker (start the engine with browser GPU workers: \`sweeplab --browser-gpu-workers 1 …\`, or use the desktop app)` }
  }
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    const why = await tryTfjsNode(name)
    return why === null ? { ok: true } : { ok: false, why }
  }
  if (name === 'wasm') {
    const r = await tryWasm()
    return typeof r === 'string' ? { ok: false, why: r } : { ok: true, ...r }
  }
  return (await tf.setBackend('cpu')) ? { ok: true } : { ok: false, why: 'the cpu backend failed to initialize' }
}

function describe(name: BackendName, extra: { simd?: boolean; threads?: number }): string {
  if (name === 'wasm') return `wasm (XNNPACK${extra.simd ? ', SIMD' : ', no SIMD'}, ${extra.threads ?? 1} thread${extra.threads === 1 ? '' : 's'})`
  if (name === 'cpu') return 'cpu (plain JavaScript)'
  return name === 'tensorflow-gpu' ? 'tensorflow-gpu (libtensorflow, CUDA)' : 'tensorflow (libtensorflow)'
}

/**
 * Loads the best backend that works (or the pinned one) and makes it TF.js's current backend.
 * A pinned backend that cannot load is an error naming why; it never silently falls back.
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = []
  const order = opts.pin ? [opts.pin] : BACKEND_ORDER
  for (const name of order) {
    const r = await load(name)
    if (!r.ok) {
      if (opts.pin) throw new Error(`backend "${opts.pin}" was pinned but cannot load: ${r.why}`)
      skipped.push({ name, why: r.why })
      continue
    }
    await tf.ready()
    const reason = opts.pin
      ? `pinned: ${describe(name, r)}`
      : skipped.length
        ? `${describe(name, r)}: best that loaded`
        : `${describe(name, r)}: fastest backend`
    return {
      name,
      tfName: tf.getBackend(),
      version: tf.version_core,
      reason,
      skipped,
      ...(r.simd === undefined ? {} : { simd: r.simd }),
      ...(r.threads === undefined ? {} : { threads: r.threads }),
    }
  }
  throw new Error(`no TF.js backend loaded: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`)
}
