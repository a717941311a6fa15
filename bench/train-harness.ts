// Shared harness for the training-throughput benches (W1 here; W2/W3 reuse it). Each measurement runs
// in a fresh Node process (`node bench/train-harness.ts --child …`) so backends, JIT state and wasm
// heaps never interfere; the figure is the median of `repeats` processes.
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What a workload module exports under `workloads`: a factory per variant. */
export interface WorkloadInstance {
  /** Samples one call of `step` trains on (the batch size, or a whole epoch for Layers fit). */
  samplesPerStep: number
  step(): void | Promise<void>
  dispose(): void
}
export type WorkloadFactory = (backend: string) => Promise<WorkloadInstance>

/** A workload: the module (absolute URL or path) that exports `workloads`, and the variant's key there. */
export interface WorkloadRef {
  module: string | URL
  variant: string
}

export interface ThroughputOptions {
  /** Untimed calls first (JIT, XNNPACK operator caches, wasm heap growth). */
  warmupSteps?: number
  /** Timed wall seconds per process. */
  seconds?: number
  repeats?: number
  /** Environment for the child (thread caps). */
  env?: NodeJS.ProcessEnv
}

export interface ThroughputResult {
  /** Median samples per wall-clock second. */
  median: number
  runs: number[]
  /**
   * Median samples per second of the process's own CPU time (user + sys). On a shared machine this
   * is the steadier figure: time the process spent waiting for a core does not count.
   */
  cpuMedian: number
  cpuRuns: number[]
  backend: string
  detail?: string
}

export interface OneRun {
  samplesPerSecond: number
  samplesPerCpuSecond: number
  backend: string
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const HERE = fileURLToPath(import.meta.url)

function runChild(args: string[], env: NodeJS.ProcessEnv | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HERE, '--child', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench child failed (${code}): ${err.trim().split('\n').slice(-5).join('\n')}`))))
  })
}

/** One fresh process: samples/s of `workload` on `backend`. */
export async function measureOnce(workload: WorkloadRef, backend: string, opts: ThroughputOptions = {}): Promise<OneRun> {
  const mod = workload.module instanceof URL ? workload.module.href : pathToFileURL(workload.module).href
  const out = await runChild([mod, workload.variant, backend, String(opts.warmupSteps ?? 30), String(opts.seconds ?? 3)], opts.env)
  return JSON.parse(out.trim().split('\n').pop()!) as OneRun
}

/** Folds runs into medians. */
export function summarize(backend: string, runs: OneRun[]): ThroughputResult {
  const wall = runs.map((r) => r.samplesPerSecond)
  const cpu = runs.map((r) => r.samplesPerCpuSecond)
  return { median: median(wall), runs: wall, cpuMedian: median(cpu), cpuRuns: cpu, backend, ...(runs[0] ? { detail: runs[0].backend } : {}) }
}

/** Samples per second of `workload` on `backend`, median of `repeats` fresh processes. */
export async function measureThroughput(workload: WorkloadRef, backend: string, opts: ThroughputOptions = {}): Promise<ThroughputResult> {
  const runs: OneRun[] = []
  for (let r = 0; r < (opts.repeats ?? 3); r++) runs.push(await measureOnce(workload, backend, opts))
  return summarize(backend, runs)
}

/** The first interpreter that imports torch: `python3` on PATH, then Debian's /usr/bin/python3. */
export function findTorchPython(): string | null {
  for (const py of [process.env.SWEEPLAB_BENCH_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!py) continue
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 })
    if (r.status === 0) return py
  }
  return null
}

/** One thread for every BLAS/OpenMP pool torch may use (PLATFORM.md §8: set_num_threads alone does not cap OpenBLAS). */
export const ONE_THREAD_ENV = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }

/** Runs a reference script `repeats` times (fresh interpreter each); it prints {"samples_per_s": …} last. */
export async function measurePytorch(python: string, script: string, args: string[], repeats = 3): Promise<ThroughputResult> {
  const runs: OneRun[] = []
  for (let r = 0; r < repeats; r++) {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(python, [script, ...args], { env: { ...process.env, ...ONE_THREAD_ENV }, stdio: ['ignore', 'pipe', 'pipe'] })
      let o = ''
      let e = ''
      child.stdout.on('data', (d: Buffer) => (o += d.toString()))
      child.stderr.on('data', (d: Buffer) => (e += d.toString()))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve(o) : reject(new Error(`${script} failed (${code}): ${e.trim().split('\n').slice(-3).join('\n')}`))))
    })
    const rec = JSON.parse(out.trim().split('\n').pop()!) as { samples_per_s: number; samples_per_cpu_s?: number }
    runs.push({ samplesPerSecond: rec.samples_per_s, samplesPerCpuSecond: rec.samples_per_cpu_s ?? rec.samples_per_s, backend: 'pytorch-1-thread' })
  }
  return summarize('pytorch-1-thread', runs)
}

async function childMain(args: string[]): Promise<void> {
  const [mod, variant, backend, warmupS, secondsS] = args as [string, string, string, string, string]
  const { workloads } = (await import(mod)) as { workloads: Record<string, WorkloadFactory> }
  const factory = workloads[variant]
  if (!factory) throw new Error(`no workload variant "${variant}" in ${mod}; have ${Object.keys(workloads).join(', ')}`)
  const { selectBackend } = await import('../electron/engine/train/backend.ts')
  const choice = await selectBackend({ pin: backend as 'wasm' })
  const w = await factory(backend)
  for (let i = 0; i < Number(warmupS); i++) await w.step()
  const seconds = Number(secondsS)
  let calls = 0
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  while (performance.now() - t0 < seconds * 1000) {
    await w.step()
    calls++
  }
  const dt = (performance.now() - t0) / 1000
  const c = process.cpuUsage(c0)
  const cpu = (c.user + c.system) / 1e6
  w.dispose()
  const samples = calls * w.samplesPerStep
  process.stdout.write(`${JSON.stringify({ samplesPerSecond: samples / dt, samplesPerCpuSecond: samples / cpu, calls, seconds: dt, cpuSeconds: cpu, backend: choice.reason })}\n`)
}

if (process.argv[2] === '--child') {
  childMain(process.argv.slice(3)).catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`)
    process.exit(1)
  })
}

/**
 * The `npm run bench` figures of a workload with a PyTorch reference (W2, W3): `variant` per backend,
 * the script on one thread, and the ratios, under keys `<prefix>_samples_per_s_<backend>`,
 * `<prefix>_samples_per_s_pytorch`, `<prefix>_ratio_best_vs_pytorch` and `<prefix>_ratio_pytorch_vs_best`.
 */
export async function benchAgainstPytorch(
  prefix: string,
  workload: WorkloadRef,
  backends: readonly string[],
  opts: ThroughputOptions,
  pytorchScript: string,
  pytorchArgs: string[],
): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const backend of backends) {
    const r = await measureThroughput(workload, backend, opts)
    out[`${prefix}_samples_per_s_${backend}`] = r.median
  }
  const py = findTorchPython()
  if (py) {
    const r = await measurePytorch(py, pytorchScript, pytorchArgs)
    out[`${prefix}_samples_per_s_pytorch`] = r.median
    const best = Math.max(...backends.map((b) => out[`${prefix}_samples_per_s_${b}`] ?? 0))
    out[`${prefix}_ratio_best_vs_pytorch`] = best / r.median
    out[`${prefix}_ratio_pytorch_vs_best`] = r.median / best
  }
  return out
}

export interface VariantTableOptions {
  /** The module exporting `workloads`. */
  module: string
  /** Every variant, in table order (when none are named on the command line). */
  variants: string[]
  /** Backends unless `<envPrefix>_BACKENDS` lists others; rounds are `<envPrefix>_ROUNDS` (3). */
  backends: readonly string[]
  envPrefix: string
  warmupSteps: (variant: string) => number
  /** Pairs not worth measuring (a variant that only exists for one backend). */
  skip?: (variant: string, backend: string) => boolean
  pytorchScript: string
  /** One PyTorch row per argument list. */
  pytorchArgs: string[][]
  /** The throughput's unit in the column heads (seq, samples). */
  unit: string
  fmt: (v: number) => string
}

/**
 * Every variant on every backend, for the doc. Runs are interleaved (round r of every variant before
 * round r + 1) so a busy spell on the shared machine spreads over all of them; the per-CPU-second
 * column is not inflated by waiting for a core.
 */
export async function printVariantTable(names: string[], o: VariantTableOptions): Promise<void> {
  const list = names.length ? names : o.variants
  const backends = process.env[`${o.envPrefix}_BACKENDS`]?.split(',') ?? o.backends
  const rounds = Number(process.env[`${o.envPrefix}_ROUNDS`] ?? 3)
  const runs = new Map<string, OneRun[]>()
  const py = findTorchPython()
  const pyRuns = new Map<string, OneRun[]>()
  for (let round = 0; round < rounds; round++) {
    for (const variant of list) {
      for (const backend of backends) {
        if (o.skip?.(variant, backend)) continue
        const key = `${variant}|${backend}`
        const r = await measureOnce({ module: o.module, variant }, backend, { warmupSteps: o.warmupSteps(variant), seconds: 3 })
        runs.set(key, [...(runs.get(key) ?? []), r])
      }
    }
    if (py) {
      for (const args of o.pytorchArgs) {
        const r = await measurePytorch(py, o.pytorchScript, args, 1)
        const key = args.join(' ')
        pyRuns.set(key, [...(pyRuns.get(key) ?? []), { samplesPerSecond: r.median, samplesPerCpuSecond: r.cpuMedian, backend: 'pytorch' }])
      }
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`)
  }
  const fmt = o.fmt
  console.log('stage'.padEnd(24), 'backend', `${o.unit}/s (wall)`.padStart(18), `${o.unit}/s/cpu-s`.padStart(16), '  wall runs')
  for (const [key, rs] of runs) {
    const [variant, backend] = key.split('|')
    const s = summarize(backend!, rs)
    console.log(variant!.padEnd(24), backend!.padEnd(7), fmt(s.median).padStart(18), fmt(s.cpuMedian).padStart(16), '  ', s.runs.map(fmt).join(', '))
  }
  for (const [key, rs] of pyRuns) {
    const s = summarize('pytorch', rs)
    console.log(`pytorch ${key}`.padEnd(24), '-'.padEnd(7), fmt(s.median).padStart(18), fmt(s.cpuMedian).padStart(16), '  ', s.runs.map(fmt).join(', '))
  }
}
