import type { PreparedTabular } from '../../train/trainers/tabular-data.ts'
import type { PreparedText } from '../../train/models/text-data.ts'
import { trainTabular } from '../../train/trainers/tabular.ts'
import { trainTextClassifier } from '../../train/trainers/text-classifier.ts'
import { trainLanguageModel } from '../../train/trainers/language-model.ts'
import { trainFinetune, type BaseLoader } from '../../train/trainers/finetune.ts'
import type { TrainerContext, TrainerResult } from '../trainers.ts'
import { createFoldReporter } from './cross-validate.ts'

/**
 * One training run of a data trainer on data that is already prepared: the whole trial, or one
 * cross-validation fold. Platform-free: a Node worker and a browser GPU worker's page both run
 * trials through `runTrainerRuns`; only the preparation (files, tokenizers) is the Node side's.
 */
export type TrainerRun =
  | { trainer: 'tabular'; data: PreparedTabular }
  | { trainer: 'text-classifier' | 'language-model'; data: PreparedText }
  | { trainer: 'finetune'; data: PreparedText; loadBase: BaseLoader }

export type DataTrainerName = TrainerRun['trainer']

export const DATA_TRAINER_NAMES: readonly DataTrainerName[] = ['tabular', 'text-classifier', 'language-model', 'finetune']

export function isDataTrainerName(name: string): name is DataTrainerName {
  return (DATA_TRAINER_NAMES as readonly string[]).includes(name)
}

/**
 * A trial's runs: one, or one per fold (`folds: true`: curves stored per fold, then the mean ±
 * std). Each is shaped when its turn comes, so k folds never hold k padded copies of the data at once.
 */
export interface PreparedRuns {
  runs: ReadonlyArray<() => TrainerRun>
  folds: boolean
}

function runOne(ctx: TrainerContext, run: TrainerRun): Promise<TrainerResult> {
  switch (run.trainer) {
    case 'tabular':
      return trainTabular(ctx, run.data)
    case 'text-classifier':
      return trainTextClassifier(ctx, run.data)
    case 'language-model':
      return trainLanguageModel(ctx, run.data)
    case 'finetune':
      return trainFinetune(ctx, run.data, run.loadBase)
  }
}

/**
 * Runs the trainer once, or once per fold with per-fold curves (`fold1/val_loss`) and the mean and
 * standard deviation of each fold's last values; `backendNote` goes with the result.
 */
export async function runTrainerRuns(ctx: TrainerContext, prepared: PreparedRuns, backendNote: string): Promise<TrainerResult> {
  if (!prepared.folds) {
    const run = prepared.runs[0]
    if (!run) throw new Error('no training run was prepared')
    return { ...(await runOne(ctx, run())), backendNote }
  }
  const k = prepared.runs.length
  const folds = createFoldReporter(k, ctx.report)
  let result: TrainerResult = { backend: 'none' }
  for (let i = 0; i < k; i++) {
    if (ctx.signal.aborted) break
    ctx.log('system', `fold ${i + 1} of ${k}`)
    result = await runOne({ ...ctx, report: folds.forFold(i), files: ctx.files.sub(`fold-${i + 1}`) }, prepared.runs[i]!())
  }
  if (!ctx.signal.aborted) folds.finish()
  return { ...result, backendNote }
}

/**
 * The trial's params as the trainer sees them: the sweep file's `backend` and `save` keys reach it
 * as params unless the sweep sweeps them itself.
 */
export function effectiveParams(params: Record<string, unknown>, job: { backend: string; save: string }): Record<string, unknown> {
  const out = { ...params }
  if (out.backend === undefined && job.backend !== 'auto') out.backend = job.backend
  if (out.save === undefined && job.save !== 'none') out.save = job.save
  return out
}
