import { existsSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { SweeplabError } from '../../shared/errors.ts'
import { normalizeGpuShare } from '../../shared/gpu-share.ts'
import { groupMembers } from '../../shared/sweep-spec.ts'
import { DEFAULT_SLURM_MAX_CONCURRENT } from '../../shared/executor-spec.ts'
import type { SweepSpec } from '../../shared/sweep-spec.ts'
import { buildCommandArgv } from './config/command-macros.ts'
import type { Sampler, TrialRecord } from './search/create-sampler.ts'
import { createVersionedSampler } from './steering/versioned-sampler.ts'
import { buildTrialEnv, parseDurationMs } from './scheduler/trial-env.ts'
import type { SweepPlan } from './scheduler/scheduler.ts'
import type { PendingAttempt } from './scheduler/recover.ts'
import { BUILTIN_TRAINERS, DATA_TRAINERS } from './workers/trainer-names.ts'
import { checkDataset } from './data/pipeline.ts'
import { checkTrialCwd, checkTrialExecutable } from './check-trial-command.ts'
import { checkTrainerParamNames, checkTrainerParamValues } from './train/param-specs.ts'

/** Where a sweep's program runs: `cwd` from the file (relative to it), else the sweep file's folder. */
export function resolveSweepCwd(spec: SweepSpec, specFile: string | null): string {
  const base = specFile ? dirname(specFile) : process.cwd()
  if (!spec.cwd) return base
  return isAbsolute(spec.cwd) ? spec.cwd : resolve(base, spec.cwd)
}

/** Checks that need the machine (GPUs, files, trainers, datasets): run before anything is written. */
export function checkSpecRunnable(
  spec: SweepSpec,
  specFile: string | null,
  gpuCount: number,
  fileLabel: string,
  workspace: { workspaceDir: string; resourcesDir?: string },
  /** The engine's CPU slots (cores, or --workers); a trial asking for more could never start. */
  cpuSlots?: number,
): void {
  const gpu = spec.resources?.gpu ?? 0
  const cpu = spec.resources?.cpu ?? 1
  // A Slurm sweep's CPUs and GPUs are the cluster's (--cpus-per-task, --gres), not this machine's.
  const onSlurm = spec.executor?.type === 'slurm'
  if (cpuSlots !== undefined && cpu > cpuSlots && !onSlurm) {
    throw new SweeplabError(
      'spec/not-enough-cpus',
      `${fileLabel}: resources.cpu: each trial asks for ${cpu} CPU slots but the engine has ${cpuSlots} (one per CPU core); set resources.cpu to ${cpuSlots} or less`,
    )
  }
  if (gpu > 0 && gpu > gpuCount && !onSlurm) {
    throw new SweeplabError(
      'spec/no-gpu',
      `${fileLabel}: resources.gpu: each trial asks for ${gpu} GPU(s) but ${gpuCount === 0 ? 'no GPU was detected (nvidia-smi found none)' : `only ${gpuCount} were detected`}; set resources.gpu to 0 to train on the CPU`,
    )
  }
  if (spec.trainer && !spec.program && !spec.command) {
    if (!(BUILTIN_TRAINERS as ReadonlyArray<string>).includes(spec.trainer)) {
      throw new SweeplabError('spec/invalid', `${fileLabel}: trainer: unknown trainer "${spec.trainer}"; available: ${BUILTIN_TRAINERS.join(', ')}`)
    }
  }
  const isCommand = Boolean(spec.program ?? spec.command)
  if (spec.dataset !== undefined && isCommand) {
    throw new SweeplabError('spec/invalid', `${fileLabel}: dataset: only built-in trainers read a dataset; a command trial reads its own data`)
  }
  if (spec.trainer && !isCommand && DATA_TRAINERS.includes(spec.trainer) && spec.dataset === undefined) {
    throw new SweeplabError('spec/invalid', `${fileLabel}: trainer: "${spec.trainer}" trains on a dataset; add a dataset: key (e.g. dataset: spam; see docs/datasets.md)`)
  }
  if (spec.trainer && !isCommand && DATA_TRAINERS.includes(spec.trainer)) checkTrainerParams(spec, spec.trainer, fileLabel)
  if (spec.dataset !== undefined) {
    // A missing or malformed dataset is reported now, before any trial starts.
    checkDataset(spec.dataset, { ...workspace, baseDir: specFile ? dirname(specFile) : process.cwd() })
  }
  const cwd = resolveSweepCwd(spec, specFile)
  if (spec.cwd) checkTrialCwd(cwd, fileLabel)
  if (spec.program) {
    const path = isAbsolute(spec.program) ? spec.program : resolve(cwd, spec.program)
    if (!existsSync(path)) {
      throw new SweeplabError('spec/invalid', `${fileLabel}: program: "${spec.program}" not found (looked in ${cwd})`)
    }
  }
  if (isCommand) checkTrialExecutable(spec, cwd, fileLabel)
}

/**
 * The trainer would refuse an unknown name or a bad literal in every trial; refusing it here fails
 * the sweep at creation instead. Only `value`/`values` are checked: a distribution's draws are the
 * trainer's business.
 */
function checkTrainerParams(spec: SweepSpec, trainer: string, fileLabel: string): void {
  // What a trial gets: a group's members (not the group's name) and the derived values.
  const topNames = Object.entries(spec.parameters).flatMap(([name, p]) => groupMembers(p) ?? [name])
  const names = checkTrainerParamNames(trainer, [...topNames, ...Object.keys(spec.derived ?? {})])
  if (names) throw new SweeplabError('spec/invalid', `${fileLabel}: parameters: ${names}`)
  for (const [name, p] of Object.entries(spec.parameters)) {
    if (p.parameters) continue
    const literals = [...(Object.hasOwn(p, 'value') ? [p.value] : []), ...(p.values ?? [])]
    const members = p.group ? (groupMembers(p) ?? []).map((m) => [m, p.group!.map((row) => row[m])] as const) : [[name, literals] as const]
    for (const [member, values] of members) {
      const bad = checkTrainerParamValues(trainer, member, values)
      if (bad) throw new SweeplabError('spec/invalid', `${fileLabel}: parameters: ${bad}`)
    }
  }
}

/** Turns a stored sweep into what the scheduler runs. */
export function buildSweepPlan(opts: {
  sweepId: number
  spec: SweepSpec
  specFile: string | null
  seed: number
  nextIndex: number
  maxCpu: number
  gpusPresent: boolean
  pending: PendingAttempt[]
  workspace: { workspaceDir: string; resourcesDir?: string }
  /** finetune's `init_from` → the saved model's folder (needs the store, so the engine supplies it). */
  resolveInitFrom?: (ref: string) => string
  /** The sweep's trial rows, read by method: bayes at each suggestion (needs the store, so the engine supplies it). */
  history?: () => ReadonlyArray<TrialRecord>
  /** The sweep's current config version (default 1), its earlier running time, and whether only queued reruns run. */
  version?: number
  runMs?: number
  rerunsOnly?: boolean
  /** A fixed trial sequence instead of the spec's search (a retrain's configs × seeds). */
  fixedSample?: Pick<Sampler, 'total' | 'sample'>
  /** Told each fresh draw's rejected points (constraints), so the engine can count what it cannot replay. */
  onSample?: (index: number, skipped: number) => void
}): SweepPlan {
  const { spec } = opts
  const version = opts.version ?? 1
  const sampler = opts.fixedSample ?? createVersionedSampler({ spec, seed: opts.seed, version, nextIndex: opts.nextIndex, history: opts.history ?? (() => []) })
  const cwd = resolveSweepCwd(spec, opts.specFile)
  const cpu = Math.min(spec.resources?.cpu ?? 1, opts.maxCpu)
  const share = normalizeGpuShare(spec.resources?.gpu ?? 0)
  const gpu = 'gpu' in share ? share.gpu : 0
  const slurm = spec.executor?.type === 'slurm' ? spec.executor : undefined
  const concurrency = slurm
    ? (slurm.max_concurrent ?? spec.workers ?? DEFAULT_SLURM_MAX_CONCURRENT)
    : Math.max(1, Math.min(spec.workers ?? opts.maxCpu, Math.floor(opts.maxCpu / cpu) || 1))
  const isCommand = Boolean(spec.command ?? spec.program)
  return {
    sweepId: opts.sweepId,
    metric: spec.metric
      ? { name: spec.metric.name, goal: spec.metric.goal, ...(spec.metric.target !== undefined ? { target: spec.metric.target } : {}) }
      : null,
    total: sampler.total,
    nextIndex: opts.nextIndex,
    concurrency,
    retries: spec.retries ?? 0,
    // On Slurm the limit is the job's --time (sbatch-script.ts): time spent queued does not count.
    timeoutMs: slurm ? null : parseDurationMs(spec.timeout),
    ...(slurm ? { executor: 'slurm' as const } : {}),
    cpu,
    gpu,
    // The scheduler routes trials by these (CUDA GPUs, a browser GPU worker, CPU slots).
    ...(isCommand ? {} : { trainer: spec.trainer ?? 'noop' }),
    backend: spec.backend,
    ...(spec.keep ? { keep: spec.keep } : {}),
    ...(spec.disk?.min_free !== undefined ? { minFree: spec.disk.min_free } : {}),
    ...((spec.repeats ?? 1) > 1 ? { repeats: spec.repeats } : {}),
    sample: (i) => {
      const s = sampler.sample(i)
      opts.onSample?.(i, s.skipped ?? 0)
      return s
    },
    pending: opts.pending,
    version,
    maxDurationMs: spec.max_duration === undefined ? null : spec.max_duration * 1000,
    runMs: opts.runMs ?? 0,
    ...(opts.rerunsOnly ? { rerunsOnly: true } : {}),
    makeJob: ({ trialId, params, seed, trialDir, gpuIds }) => {
      // On Slurm, CUDA_VISIBLE_DEVICES is set on the node for the job's --gres GPUs.
      const env = buildTrialEnv({ specEnv: spec.env, cpuSlots: slurm?.cpus_per_task ?? cpu, gpuIds, gpusPresent: slurm ? false : opts.gpusPresent })
      return {
        trialId,
        sweepId: opts.sweepId,
        params,
        seed,
        cwd,
        env,
        ...(slurm ? { slurm: { executor: slurm, cpu: spec.resources?.cpu ?? 1, gpu, timeoutSeconds: spec.timeout ?? null } } : {}),
        ...(isCommand
          ? {
              argv: buildCommandArgv(spec, params, { paramsFile: `${trialDir}/params.json` }),
              ...(spec.stdout_metrics ? { stdoutMetrics: spec.stdout_metrics } : {}),
            }
          : {
              trainer: spec.trainer ?? 'noop',
              builtin: {
                ...(spec.dataset !== undefined ? { dataset: spec.dataset } : {}),
                ...(spec.cv ? { cv: spec.cv } : {}),
                backend: spec.backend,
                save: spec.save,
                workspaceDir: opts.workspace.workspaceDir,
                ...(opts.workspace.resourcesDir ? { resourcesDir: opts.workspace.resourcesDir } : {}),
                baseDir: opts.specFile ? dirname(opts.specFile) : process.cwd(),
                ...(spec.trainer === 'finetune' && typeof params.init_from === 'string' && opts.resolveInitFrom
                  ? { initFromDir: opts.resolveInitFrom(params.init_from) }
                  : {}),
              },
            }),
      }
    },
  }
}
