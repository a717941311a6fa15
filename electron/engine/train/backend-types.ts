import type { BackendName } from './param-specs.ts'

/**
 * What a trainer learns about the TF.js backend it runs on. Node workers fill it in backend.ts,
 * a browser GPU worker's page in workers/browser/page; trainers only read it (this module is
 * platform-free so the page bundle can import the trainers).
 */
export type { BackendName } from './param-specs.ts'

export interface BackendChoice {
  /** The name the sweep file and trial record use ('tensorflow' for tfjs-node). */
  name: BackendName
  /** TF.js's own registry name ('tensorflow', 'webgl', 'wasm', 'cpu'). */
  tfName: string
  version: string
  /** Why this backend, in one line (for the trial record and doctor). */
  reason: string
  /** Faster backends that were not used, and why. */
  skipped: Array<{ name: BackendName; why: string }>
  /** wasm only: whether the SIMD build loaded and how many threads it runs. */
  simd?: boolean
  threads?: number
  /** webgl: the GL renderer string; webgpu: the adapter's description. */
  device?: string
}

export interface SelectBackendOptions {
  pin?: BackendName
}

/** Loads the pinned backend (or the best that works) and makes it TF.js's current backend. */
export type SelectBackend = (opts: SelectBackendOptions) => Promise<BackendChoice>

/** One line for the trial record: the choice's reason and what was skipped. */
export function backendNoteOf(choice: BackendChoice): string {
  const skipped = choice.skipped.map((s) => `${s.name}: ${s.why}`).join('; ')
  return `${choice.reason}${skipped ? `; not used: ${skipped}` : ''}`
}
