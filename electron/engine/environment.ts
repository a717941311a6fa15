import { readFileSync } from 'node:fs'
import { availableParallelism, platform, release, arch } from 'node:os'
import type { EnvironmentInfo } from '../../shared/api/types.ts'
import { isInstalled } from './package-installed.ts'
import { detectGpus } from './scheduler/gpus.ts'

/** TF.js backends in the order workers prefer them; the training milestone loads them for real. */
const TFJS_BACKENDS: ReadonlyArray<{ name: string; pkg: string; why: string }> = [
  { name: 'tensorflow-gpu', pkg: '@tensorflow/tfjs-node-gpu', why: 'needs libtensorflow with CUDA (downloaded at install time)' },
  { name: 'tensorflow', pkg: '@tensorflow/tfjs-node', why: 'needs libtensorflow (downloaded at install time)' },
  { name: 'wasm', pkg: '@tensorflow/tfjs-backend-wasm', why: 'not installed' },
  { name: 'cpu', pkg: '@tensorflow/tfjs', why: 'not installed' },
]

export function readAppVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
    return pkg.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

export async function describeEnvironment(dbPath: string): Promise<EnvironmentInfo> {
  const { gpus, detail } = await detectGpus()
  const backends = [
    { name: 'command', available: true, detail: "runs the sweep's own program (any language)" },
    ...TFJS_BACKENDS.map((b) => {
      const ok = isInstalled(b.pkg)
      return { name: b.name, available: ok, detail: ok ? `${b.pkg} installed` : `${b.pkg}: ${b.why}` }
    }),
  ]
  return {
    version: readAppVersion(),
    node: process.versions.node,
    platform: `${platform()} ${release()} ${arch()}`,
    dbPath,
    cpuCores: availableParallelism(),
    gpus,
    gpuDetection: detail,
    backends,
  }
}
