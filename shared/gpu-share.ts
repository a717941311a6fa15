/**
 * `resources.gpu`: whole GPUs (0, 1, 2, …) or a fraction of one GPU that packs evenly, 1/n for
 * n = 2…MAX_TRIALS_PER_GPU (0.5, 0.25, 0.333). A written fraction is read as the nearest 1/n when it
 * is within 2% of it (0.33 and 0.333 both mean a third); anything else is refused, because a trial
 * of 0.4 would leave a fifth of every GPU unusable. See docs/resources.md.
 */
export const MAX_TRIALS_PER_GPU = 64
const TOLERANCE = 0.02

/** The GPUs one trial holds (fractions exact: 1/n), or a message saying why `gpu` is not allowed. */
export function normalizeGpuShare(gpu: number): { gpu: number } | { problem: string } {
  if (!Number.isFinite(gpu) || gpu < 0) return { problem: `expected 0, a whole number of GPUs or a fraction such as 0.5, got ${gpu}` }
  if (Number.isInteger(gpu)) return { gpu }
  if (gpu > 1) return { problem: `a trial gets whole GPUs (1, 2, …) or a fraction of one GPU (0.5, 0.25, 1/3 …), not ${gpu}` }
  const n = Math.round(1 / gpu)
  if (n < 2 || n > MAX_TRIALS_PER_GPU || Math.abs(1 / n - gpu) > TOLERANCE / n) {
    return { problem: `a fraction of a GPU must split it evenly (1/n: 0.5, 0.333, 0.25, … down to 1/${MAX_TRIALS_PER_GPU}); ${gpu} does not` }
  }
  return { gpu: 1 / n }
}

/** How many trials of `gpu` (a normalized fraction) share one GPU; 1 for whole GPUs. */
export function trialsPerGpu(gpu: number): number {
  return gpu > 0 && gpu < 1 ? Math.round(1 / gpu) : 1
}
