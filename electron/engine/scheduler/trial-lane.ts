import { BROWSER_BACKEND_ORDER, BROWSER_ONLY_BACKENDS } from '../train/param-specs.ts'
import { DATA_TRAINERS } from '../workers/trainer-names.ts'

/**
 * Where a trial trains: a worker process on CPU slots (`process`), a worker process with CUDA GPUs
 * (`cuda`), or a browser GPU worker's page (`browser`: one per slot, counted as one GPU). `none`:
 * nothing here can run it, and why.
 */
export type Lane = 'process' | 'cuda' | 'browser' | { none: string }

/** What routing needs to know of a sweep (from its plan) and of the machine. */
export interface LaneInputs {
  /** GPUs each trial asks for (`resources.gpu`). */
  gpu: number
  /** The built-in trainer; undefined for a command trial. */
  trainer?: string
  /** The sweep file's `backend` key ('auto' or a pin). */
  backend?: string
  cudaGpus: number
  browserSlots: number
}

const isBrowserOnly = (b: string | undefined) => b !== undefined && (BROWSER_ONLY_BACKENDS as readonly string[]).includes(b)
const pageCanRun = (b: string | undefined) => b === undefined || (BROWSER_BACKEND_ORDER as readonly string[]).includes(b)

/** The backend a trial pins: its own `backend` param (a swept one), else the sweep's unless `auto`. */
export function pinnedBackend(params: Record<string, unknown>, sweepBackend: string | undefined): string | undefined {
  if (typeof params.backend === 'string') return params.backend
  return sweepBackend !== undefined && sweepBackend !== 'auto' ? sweepBackend : undefined
}

/**
 * The lane of one trial. A pin to webgpu/webgl goes to a browser GPU worker; a trial that asks for
 * a GPU gets CUDA GPUs when there are enough, else a browser GPU worker (built-in trainers only,
 * one GPU per trial); everything else runs on CPU slots. A webgl pin with no browser GPU worker
 * runs in a process, where the backend loader fails it with the reason and the fix.
 */
export function laneOf(params: Record<string, unknown>, s: LaneInputs): Lane {
  const pin = pinnedBackend(params, s.backend)
  const data = s.trainer !== undefined && DATA_TRAINERS.includes(s.trainer)
  if (data && s.browserSlots > 0 && isBrowserOnly(pin)) return 'browser'
  if (s.gpu === 0) return 'process'
  if (s.cudaGpus >= s.gpu) return 'cuda'
  // A browser GPU worker's page trains one trial at a time: a fractional trial takes a whole slot.
  if (data && s.browserSlots > 0 && s.gpu <= 1 && pageCanRun(pin)) return 'browser'
  if (data && s.browserSlots > 0 && s.gpu <= 1) return { none: `backend ${pin} cannot train in a browser GPU worker and no CUDA GPU was detected; pin webgpu, webgl, wasm or cpu, or set resources.gpu: 0` }
  return { none: `each trial needs ${s.gpu} GPU(s) and ${s.cudaGpus} were detected` }
}

/**
 * Why no trial of a sweep could ever start, judged from the sweep alone (params may still pin a
 * backend per trial), or null. The sweep then fails at once instead of failing every trial.
 */
export function sweepLaneProblem(s: LaneInputs): string | null {
  const data = s.trainer !== undefined && DATA_TRAINERS.includes(s.trainer)
  if (data && isBrowserOnly(s.backend) && s.browserSlots === 0) {
    return `backend: ${s.backend} trains in a browser GPU worker and none is running; start with \`sweeplab --browser-gpu-workers 1 …\` (or use the desktop app), or pick another backend`
  }
  if (s.gpu <= s.cudaGpus) return null
  const detected = `each trial needs ${s.gpu} GPU(s) and ${s.cudaGpus} CUDA GPU(s) were detected`
  if (s.browserSlots === 0) return `each trial needs ${s.gpu} GPU(s) and ${s.cudaGpus} were detected`
  if (!data) return `${detected}; browser GPU workers train built-in trainers only, not commands`
  if (s.gpu > 1) return `${detected}; a browser GPU worker gives a trial one GPU (set resources.gpu: 1)`
  if (!pageCanRun(s.backend === 'auto' ? undefined : s.backend)) return `${detected}; backend: ${s.backend} cannot train in a browser GPU worker (use auto, webgpu or webgl)`
  return null
}

