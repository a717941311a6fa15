const THREAD_VARS = ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'] as const

/**
 * What a trial's environment adds to the worker's own. BLAS thread pools are bounded to the trial's
 * CPU slots (PLATFORM.md §8: unbounded pools made two parallel PyTorch trials 2-3x slower on 2 cores),
 * unless the sweep file sets them. GPU trials see only their GPUs; CPU trials see none when GPUs exist.
 * Only these overrides travel to the worker (the full environment per trial was most of the IPC cost).
 */
export function buildTrialEnv(opts: {
  specEnv: Record<string, string> | undefined
  cpuSlots: number
  gpuIds: readonly number[]
  gpusPresent: boolean
}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const k of THREAD_VARS) env[k] = String(opts.cpuSlots)
  env.TF_NUM_INTRAOP_THREADS = String(opts.cpuSlots)
  env.TF_NUM_INTEROP_THREADS = '1'
  if (opts.gpuIds.length > 0) env.CUDA_VISIBLE_DEVICES = opts.gpuIds.join(',')
  else if (opts.gpusPresent) env.CUDA_VISIBLE_DEVICES = ''
  Object.assign(env, opts.specEnv ?? {})
  return env
}

/** The environment a command starts with: the worker's own, minus the engine's SWEEPLAB_ settings, plus the trial's. */
export function mergeTrialEnv(base: NodeJS.ProcessEnv, overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !k.startsWith('SWEEPLAB_')) env[k] = v
  return Object.assign(env, overrides)
}

/** Seconds as a number, or strings like `90s`, `10m`, `2h`, `500ms`. */
export function parseDurationMs(d: number | string | undefined): number | null {
  if (d === undefined) return null
  if (typeof d === 'number') return d * 1000
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(d.trim())
  if (!m) return null
  const n = Number(m[1])
  const unit = m[2]
  return unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000
}
