import { execFile } from 'node:child_process'

export interface GpuInfo {
  index: number
  name: string
  memoryMiB: number | null
}

/**
 * Lists NVIDIA GPUs through nvidia-smi; none when the tool is missing or fails.
 * `SWEEPLAB_NVIDIA_SMI` names another binary (a non-standard install, or a stand-in in tests).
 */
export function detectGpus(timeoutMs = 5000): Promise<{ gpus: GpuInfo[]; detail: string }> {
  const tool = process.env.SWEEPLAB_NVIDIA_SMI || 'nvidia-smi'
  return new Promise((resolve) => {
    execFile(
      tool,
      ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'],
      { timeout: timeoutMs },
      (err, stdout) => {
        if (err) {
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
          resolve({ gpus: [], detail: missing ? `${tool} not found` : `${tool} failed: ${err.message}` })
          return
        }
        resolve({ gpus: parseNvidiaSmi(stdout), detail: tool })
      },
    )
  })
}

export function parseNvidiaSmi(csv: string): GpuInfo[] {
  const gpus: GpuInfo[] = []
  for (const line of csv.split('\n')) {
    const parts = line.split(',').map((s) => s.trim())
    if (parts.length < 2 || parts[0] === '' || Number.isNaN(Number(parts[0]))) continue
    const mem = Number(parts[2])
    gpus.push({ index: Number(parts[0]), name: parts[1] ?? '', memoryMiB: Number.isFinite(mem) ? mem : null })
  }
  return gpus
}
