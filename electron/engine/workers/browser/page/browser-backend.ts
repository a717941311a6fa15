import * as tf from '@tensorflow/tfjs'
import type { BackendChoice, BackendName, SelectBackend } from '../../../train/backend-types.ts'
import { BROWSER_BACKEND_ORDER } from '../../../train/param-specs.ts'
import type { PageBackendInfo } from '../page-protocol.ts'

/**
 * Backend choice inside a browser GPU worker's page: webgpu, then webgl, then wasm, then cpu. In
 * `auto`, a GPU backend is taken only when a real GPU is behind it: with no GPU, Chromium runs
 * WebGPU and WebGL on SwiftShader, which trains 5–20× slower than wasm (PLATFORM.md §9), so it
 * is skipped with that reason on the record. A pin takes the backend whatever device is behind it.
 */

/** The few DOM/WebGPU shapes used here; the engine's tsconfig has no DOM library. */
interface GpuAdapterInfo {
  vendor?: string
  architecture?: string
  device?: string
  description?: string
  isFallbackAdapter?: boolean
}
interface GpuAdapter {
  info?: GpuAdapterInfo
  isFallbackAdapter?: boolean
}
interface PageGlobals {
  navigator: { userAgent: string; gpu?: { requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapter | null> } }
  document: { createElement(tag: 'canvas'): { getContext(kind: 'webgl2' | 'webgl'): GlContext | null } }
}
interface GlContext {
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number; UNMASKED_VENDOR_WEBGL: number } | null
  getParameter(p: number): unknown
  RENDERER: number
}

/** One backend as probed: usable at all, worth taking in `auto` (a real GPU), and why not. */
export interface ProbedBackend extends PageBackendInfo {
  name: BackendName
  /** Taken by `auto`: a GPU backend on real hardware, or wasm/cpu. */
  preferred: boolean
  /** Adapter description or GL renderer string. */
  device?: string
}

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render/i

const g = globalThis as unknown as PageGlobals

async function probeWebGpu(): Promise<ProbedBackend> {
  const gpu = g.navigator.gpu
  if (!gpu) return { name: 'webgpu', available: false, preferred: false, detail: 'navigator.gpu is missing (WebGPU is off in this browser; Chromium on Linux needs --enable-unsafe-webgpu)' }
  let adapter: GpuAdapter | null
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  } catch (e) {
    return { name: 'webgpu', available: false, preferred: false, detail: `requestAdapter failed: ${(e as Error).message}` }
  }
  if (!adapter) return { name: 'webgpu', available: false, preferred: false, detail: 'no WebGPU adapter (navigator.gpu.requestAdapter() returned null)' }
  const info = adapter.info ?? {}
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false
  const device = [info.description, info.vendor, info.architecture, info.device].filter((s) => s).join(', ') || 'unnamed adapter'
  return fallback
    ? { name: 'webgpu', available: true, preferred: false, device, detail: `adapter ${device} is a fallback (SwiftShader), no real GPU` }
    : { name: 'webgpu', available: true, preferred: true, device, detail: `adapter ${device}` }
}

function probeWebGl(): ProbedBackend {
  const gl = g.document.createElement('canvas').getContext('webgl2')
  if (!gl) return { name: 'webgl', available: false, preferred: false, detail: 'no WebGL2 context' }
  const ext = gl.getExtension('WEBGL_debug_renderer_info')
  const device = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
  return SOFTWARE_GL.test(device)
    ? { name: 'webgl', available: true, preferred: false, device, detail: `renderer ${device} is software, no real GPU` }
    : { name: 'webgl', available: true, preferred: true, device, detail: `renderer ${device}` }
}

/** What this page can train on, in the order `auto` tries. */
export async function probeBrowserBackends(): Promise<ProbedBackend[]> {
  const wasm: ProbedBackend = typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object'
    ? { name: 'wasm', available: true, preferred: true, detail: 'XNNPACK in the page (one thread)' }
    : { name: 'wasm', available: false, preferred: false, detail: 'no WebAssembly' }
  return [await probeWebGpu(), probeWebGl(), wasm, { name: 'cpu', available: true, preferred: true, detail: 'plain JavaScript' }]
}

function describe(p: ProbedBackend): string {
  if (p.name === 'webgpu') return `webgpu (${p.device})`
  if (p.name === 'webgl') return `webgl (${p.device})`
  if (p.name === 'wasm') return 'wasm in the page (XNNPACK, one thread)'
  return 'cpu in the page (plain JavaScript)'
}

/** The page's SelectBackend over a probe (done once per page). */
export function createBrowserSelectBackend(probe: () => Promise<ProbedBackend[]>): SelectBackend {
  return async ({ pin }) => {
    const probed = await probe()
    const skipped: BackendChoice['skipped'] = []
    for (const name of pin ? [pin] : BROWSER_BACKEND_ORDER) {
      const p = probed.find((x) => x.name === name)
      if (!p) throw new Error(`backend "${name}" is not available in a browser GPU worker (it has ${BROWSER_BACKEND_ORDER.join(', ')})`)
      const usable = p.available && (pin !== undefined || p.preferred)
      if (usable && (await tf.setBackend(name))) {
        await tf.ready()
        const reason = pin ? `pinned: ${describe(p)}` : skipped.length ? `${describe(p)}: best that loaded` : `${describe(p)}: fastest backend`
        return { name, tfName: tf.getBackend(), version: tf.version_core, reason, skipped, ...(p.device ? { device: p.device } : {}) }
      }
      const why = usable ? `${name} failed to initialize` : p.detail
      if (pin) throw new Error(`backend "${pin}" was pinned but cannot load: ${why}`)
      skipped.push({ name, why })
    }
    throw new Error(`no TF.js backend loaded in the page: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`)
  }
}
