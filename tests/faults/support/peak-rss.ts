import { readFileSync } from 'node:fs'

/** A field of /proc/<pid>/status in kB, or null once the process is gone. */
function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : null
  } catch {
    return null
  }
}

/** Direct children of a process (Linux: /proc/<pid>/task/<tid>/children). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/**
 * Samples the peak resident memory (VmHWM, the kernel's own high-water mark) of a process and of
 * its direct children (the engine's worker processes) until stopped. Linux only.
 */
export function watchPeakRss(pid: number, everyMs = 100) {
  let own = 0
  let children = 0
  const sample = () => {
    own = Math.max(own, statusKb(pid, 'VmHWM') ?? 0)
    for (const c of childrenOf(pid)) children = Math.max(children, statusKb(c, 'VmHWM') ?? 0)
  }
  sample()
  const timer = setInterval(sample, everyMs).unref()
  return {
    /** Stops sampling; peaks in MB. */
    stop(): { engineMb: number; workerMb: number } {
      clearInterval(timer)
      sample()
      return { engineMb: Math.round(own / 1024), workerMb: Math.round(children / 1024) }
    },
  }
}
