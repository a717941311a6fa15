/** A trial's share of a GPU is exact (1/n), so sums of shares are compared with this slack. */
const EPS = 1e-9

/**
 * CUDA GPU capacity per device id. A whole-GPU trial (`gpu: k`, k ≥ 1) takes k devices nothing else
 * uses; a fractional trial (`gpu: 1/n`) takes a share of one device, so n such trials pack onto it.
 * Fractions go to the fullest device they still fit on (best fit): partly used GPUs fill up first and
 * whole ones stay free for whole-GPU trials. `take` decides and books in one synchronous step, so two
 * launches can never be handed the same capacity.
 */
export function createGpuSlots() {
  /** Device id → share in use (0 … 1), in detection order. */
  const used = new Map<number, number>()

  function fitsFraction(share: number): number | null {
    let best: number | null = null
    for (const [id, u] of used) {
      if (u + share > 1 + EPS) continue
      if (best === null || u > used.get(best)! + EPS) best = id
    }
    return best
  }

  function wholeFree(): number[] {
    return [...used].filter(([, u]) => u <= EPS).map(([id]) => id)
  }

  return {
    /** Replaces the device list (detection runs once; ids already in use keep their bookings). */
    setDevices(ids: readonly number[]): void {
      for (const id of ids) if (!used.has(id)) used.set(id, 0)
    },
    get total(): number {
      return used.size
    },
    /** Whether a trial of `gpu` GPUs (k ≥ 1 or a fraction 1/n) could start now. */
    canTake(gpu: number): boolean {
      if (gpu <= 0) return true
      if (gpu < 1) return fitsFraction(gpu) !== null
      return wholeFree().length >= gpu
    },
    /** Books `gpu` GPUs and returns the device ids (one for a fraction), or null when they are not free. */
    take(gpu: number): number[] | null {
      if (gpu <= 0) return []
      if (gpu < 1) {
        const id = fitsFraction(gpu)
        if (id === null) return null
        used.set(id, used.get(id)! + gpu)
        return [id]
      }
      const free = wholeFree()
      if (free.length < gpu) return null
      const ids = free.slice(0, gpu)
      for (const id of ids) used.set(id, 1)
      return ids
    },
    /** Gives back what `take(gpu)` returned. */
    release(ids: readonly number[], gpu: number): void {
      const share = gpu > 0 && gpu < 1 ? gpu : 1
      for (const id of ids) {
        const u = used.get(id)
        if (u === undefined) continue
        const left = u - share
        used.set(id, left <= EPS ? 0 : left)
      }
    },
    /** Share in use per device, for tests and diagnostics. */
    usage(): Array<{ id: number; used: number }> {
      return [...used].map(([id, u]) => ({ id, used: u }))
    },
  }
}

export type GpuSlots = ReturnType<typeof createGpuSlots>
