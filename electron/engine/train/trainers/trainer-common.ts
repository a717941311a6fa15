import * as tf from '@tensorflow/tfjs'
import type { TrainerContext, TrainerResult } from '../../workers/trainers.ts'
import type { BackendChoice } from '../backend-types.ts'
import { backendPinFromParams } from '../hyperparams.ts'
import type { TrainLoopResult } from '../loop.ts'
import type { ClassificationReport } from '../metrics.ts'
import type { TrialFiles } from '../trial-files.ts'
import { encodeWeightFiles, MODEL_JSON, WEIGHTS_BIN } from '../weights-format.ts'

/**
 * The parts every built-in trainer runs around its training loop (backend log, weight snapshots,
 * the end-of-trial save, report and return), kept in one place so the trainers' artifacts and
 * results stay the same shape. None of it runs per step.
 */

/** What a trainer returns: the backend used and how the loop ended. */
export interface TrainerRunInfo extends TrainerResult {
  status: TrainLoopResult['status']
  epochs: number
  steps: number
  last: Record<string, number> | null
}

export type SaveMode = 'best' | 'last' | 'none'

/** Named weights copied out as plain arrays (survives the tensors; for save: best). */
export type WeightSnapshot = Record<string, { values: Float32Array; shape: number[] }>

/** Logs the backend once per trial, with the faster ones skipped and why. */
export function logBackend(ctx: TrainerContext, choice: BackendChoice): void {
  const skipped = choice.skipped.length ? `; not used: ${choice.skipped.map((s) => `${s.name} (${s.why})`).join('; ')}` : ''
  ctx.log('stdout', `backend: ${choice.reason}${skipped}`)
}

/** Loads the backend the (parsed) params pin, or the best there is, and logs it. */
export async function useBackend(ctx: TrainerContext, p: Record<string, unknown>): Promise<BackendChoice> {
  const choice = await ctx.selectBackend({ pin: backendPinFromParams(p) })
  logBackend(ctx, choice)
  return choice
}

/** Snapshot of named weights as plain arrays (for save: best). */
export function snapshotWeights(named: Record<string, tf.Tensor>): WeightSnapshot {
  return Object.fromEntries(Object.entries(named).map(([k, t]) => [k, { values: t.dataSync().slice() as Float32Array, shape: [...t.shape] }]))
}

/** Writes a snapshot as TF.js weight files into `files` (weights first: a model.json always names complete weights). */
export async function saveSnapshot(files: TrialFiles, snap: WeightSnapshot, metadata: Record<string, unknown>): Promise<void> {
  const tensors = Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]))
  let encoded: { modelJson: string; weights: Uint8Array }
  try {
    encoded = await encodeWeightFiles(tensors, metadata)
  } finally {
    for (const t of Object.values(tensors)) t.dispose()
  }
  await files.write(WEIGHTS_BIN, encoded.weights)
  await files.write(MODEL_JSON, encoded.modelJson)
}

/** With `save: best`, keeps a snapshot of the weights at the lowest finite val_loss offered so far. */
export function createBestKeeper(save: SaveMode, snapshot: () => WeightSnapshot): { offer(valLoss: number | undefined): void; readonly best: WeightSnapshot | null } {
  let best: { valLoss: number; snap: WeightSnapshot } | null = null
  return {
    offer(valLoss) {
      if (save === 'best' && valLoss !== undefined && Number.isFinite(valLoss) && (!best || valLoss < best.valLoss)) best = { valLoss, snap: snapshot() }
    },
    get best() {
      return best?.snap ?? null
    },
  }
}

/**
 * The trial's `model/` folder per `save`: the best validation snapshot when there is one, else the
 * weights as they are now (`current`, only taken when needed); metadata gains `which` last.
 */
export async function saveTrialWeights(ctx: TrainerContext, save: SaveMode, best: WeightSnapshot | null, current: () => WeightSnapshot, metadata: Record<string, unknown>): Promise<void> {
  if (save === 'none') return
  const useBest = save === 'best' && best !== null
  await saveSnapshot(ctx.files.sub('model'), useBest ? best : current(), { ...metadata, which: useBest ? 'best' : 'last' })
}

/**
 * Per-class figures into `final` and the confusion matrix to confusion_matrix.json. Once, at the
 * end: they are many series, and the curves are the macro ones.
 */
export async function writeClassBreakdown(ctx: TrainerContext, final: Record<string, unknown>, rep: ClassificationReport, labelNames: readonly string[] | null | undefined, split: 'val' | 'test'): Promise<void> {
  const names = labelNames ?? rep.perClass.map((_, i) => String(i))
  final.per_class = Object.fromEntries(rep.perClass.map((c, i) => [names[i] ?? String(i), { precision: c.precision, recall: c.recall, f1: c.f1, support: c.support }]))
  await ctx.files.write('confusion_matrix.json', JSON.stringify({ split, labels: names, matrix: rep.confusion }))
}

/** Logs a divergence and builds the trainer's return value. */
export function finishRun(ctx: TrainerContext, choice: BackendChoice, result: TrainLoopResult): TrainerRunInfo {
  if (result.status === 'diverged') ctx.log('stderr', `diverged: ${result.reason}`)
  return { backend: choice.name, status: result.status, epochs: result.epochs, steps: result.steps, last: result.last }
}
