import type { BrowserTrainingHost } from './host.ts'
import { openPageChannel } from './page-channel.ts'

export interface BackendStatus {
  name: string
  available: boolean
  detail: string
}

const ENABLE = 'trains in a browser GPU worker: run with --browser-gpu-workers <count> (headless Chromium) or use the desktop app'

/**
 * webgpu and webgl as `sweeplab doctor` lists them: without browser GPU workers, how to get them;
 * with them, what a worker page actually finds (it opens one and asks), device names included,
 * so a software-only (SwiftShader) machine is reported as such rather than as a GPU.
 */
export async function describeBrowserBackends(host: BrowserTrainingHost | undefined): Promise<BackendStatus[]> {
  if (!host) return ['webgpu', 'webgl'].map((name) => ({ name, available: false, detail: ENABLE }))
  // A host's GPU does not change while it runs: one page opened per host, not one per question
  // (the app's settings screen asks whenever it opens).
  let probe = probes.get(host)
  if (!probe) {
    probe = probeHost(host)
    probes.set(host, probe)
    void probe.then((r) => {
      if (r.failed) probes.delete(host)
    })
  }
  return (await probe).statuses
}

const probes = new WeakMap<BrowserTrainingHost, Promise<{ statuses: BackendStatus[]; failed: boolean }>>()

async function probeHost(host: BrowserTrainingHost): Promise<{ statuses: BackendStatus[]; failed: boolean }> {
  try {
    const page = await host.openPage()
    const channel = await openPageChannel(page, () => {})
    try {
      const statuses = channel.hello.backends
        .filter((b) => b.name === 'webgpu' || b.name === 'webgl')
        .map((b) => ({ name: b.name, available: b.available, detail: `browser GPU worker in ${host.name}: ${b.detail}` }))
      return { statuses, failed: false }
    } finally {
      await channel.close()
    }
  } catch (e) {
    const detail = `browser GPU worker in ${host.name} could not open a page: ${(e as Error).message.split('\n')[0]}`
    return { statuses: ['webgpu', 'webgl'].map((name) => ({ name, available: false, detail })), failed: true }
  }
}
