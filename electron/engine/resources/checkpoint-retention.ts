import type { Artifact, TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import { isTerminalTrialStatus } from '../../../shared/status.ts'
import type { KeepSpec } from '../../../shared/sweep-spec.ts'

/**
 * Files a command trial writes that count as checkpoints (docs/resources.md): common weight and
 * checkpoint formats, any file whose name says checkpoint/ckpt, and everything inside a numbered
 * checkpoint folder (`checkpoint-500/`, `ckpt_3/`). A built-in trainer's saved model (a folder
 * with model.json) is a `weights` artifact and always counts.
 */
const CHECKPOINT_FILE = /\.(ckpt|pt|pth|safetensors|h5|hdf5|keras|onnx)$/i
const CHECKPOINT_NAME = /checkpoint|ckpt/i

/**
 * The checkpoint a file belongs to, as a path relative to the trial folder: the first numbered
 * checkpoint folder on its path (`checkpoint-500/`: all its files are one checkpoint), else the
 * file itself when it is one; null when it is no checkpoint. A folder named without a number
 * (`checkpoints/`) only holds checkpoints: each file in it is one.
 */
export function checkpointUnit(name: string): string | null {
  const parts = name.split('/')
  for (let i = 0; i < parts.length - 1; i++) {
    if (CHECKPOINT_NAME.test(parts[i]!) && /\d/.test(parts[i]!)) return parts.slice(0, i + 1).join('/')
  }
  const file = parts[parts.length - 1]!
  return CHECKPOINT_NAME.test(file) || CHECKPOINT_FILE.test(file) ? name : null
}

export function isCheckpoint(a: Pick<Artifact, 'kind' | 'name'>): boolean {
  return a.kind === 'weights' || checkpointUnit(a.name) !== null
}

/**
 * `keep.best: k`: the artifacts to delete so that only the k best finished trials keep their
 * checkpoints. Ranked like the sweep's best: completed trials with a finite final value, by the
 * goal, ties to the lower id. Every other finished trial loses its checkpoints; running and queued
 * trials are never touched (they may still become the best).
 */
export function checkpointsOutsideBest(trials: ReadonlyArray<Pick<TrialSummary, 'id' | 'status' | 'finalValue'>>, artifacts: ReadonlyArray<Artifact>, best: number, goal: MetricGoal): Artifact[] {
  const sign = goal === 'maximize' ? -1 : 1
  const ranked = trials
    .filter((t) => t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue))
    .sort((a, b) => sign * (a.finalValue! - b.finalValue!) || a.id - b.id)
  const kept = new Set(ranked.slice(0, best).map((t) => t.id))
  const finished = new Set(trials.filter((t) => isTerminalTrialStatus(t.status)).map((t) => t.id))
  return artifacts.filter((a) => a.deletedAt === null && isCheckpoint(a) && finished.has(a.trialId) && !kept.has(a.trialId))
}

/**
 * `keep.last: true`: of one trial's checkpoints (files grouped by `checkpointUnit`), the units to
 * delete: all but the newest (latest modification time of its files, then name). Saved-model
 * folders (`weights`) are not passed here: a built-in trainer writes one per trial (one per fold
 * with cv), and each is a final model.
 */
export function olderCheckpointUnits(files: ReadonlyArray<{ name: string; mtimeMs: number }>): string[] {
  const units = new Map<string, number>()
  for (const f of files) {
    const u = checkpointUnit(f.name)
    if (u !== null) units.set(u, Math.max(units.get(u) ?? -Infinity, f.mtimeMs))
  }
  if (units.size <= 1) return []
  const [newest] = [...units].sort((a, b) => b[1] - a[1] || (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : 0))[0]!
  return [...units.keys()].filter((u) => u !== newest)
}

/** Whether a sweep's `keep:` asks for any deletion at all. */
export function keepsSomething(keep: KeepSpec | undefined): keep is KeepSpec {
  return keep !== undefined && (keep.best !== undefined || keep.last)
}
