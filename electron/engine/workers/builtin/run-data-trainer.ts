import { join } from 'node:path'
import { prepareDataset } from '../../data/pipeline.ts'
import type { PreparedDataset, PreparedSplits } from '../../data/prepared-types.ts'
import { trainTabular } from '../../train/trainers/tabular.ts'
import { trainTextClassifier } from '../../train/trainers/text-classifier.ts'
import { trainLanguageModel } from '../../train/trainers/language-model.ts'
import type { BuiltinJob } from '../protocol.ts'
import type { TrainerContext, TrainerResult } from '../trainers.ts'
import { createFoldReporter } from './cross-validate.ts'
import { selectBackend } from '../../train/backend.ts'
import { backendPinFromParams } from '../../train/hyperparams.ts'
import { toPreparedTabular, toPreparedText, toPreparedTextForBase } from './to-trainer-input.ts'
import { baseConfigFromMetadata, trainFinetune } from '../../train/trainers/finetune.ts'
import { readModelMetadata } from '../../train/weights-io.ts'

type RunOnSplits = (ctx: TrainerContext & { initFromDir?: string }, data: PreparedDataset, splits: PreparedSplits) => Promise<TrainerResult>

/** Built-in trainers that read a dataset, each adapted to the data pipeline's output. */
const DATA_TRAINERS: Readonly<Record<string, RunOnSplits>> = {
  tabular: (ctx, data, splits) => trainTabular(ctx, toPreparedTabular(data, splits)),
  'text-classifier': (ctx, data, splits) => trainTextClassifier(ctx, toPreparedText(data, splits, 'classifier')),
  'language-model': (ctx, data, splits) => trainLanguageModel(ctx, toPreparedText(data, splits, 'language-model')),
  finetune: async (ctx, data, splits) => {
    const baseDir = ctx.initFromDir
    if (!baseDir) throw new Error('finetune: init_from is required (<sweep>/<trial>, <sweep>/best or best)')
    const meta = readModelMetadata(baseDir)
    const base = baseConfigFromMetadata(meta)
    return trainFinetune(ctx, toPreparedTextForBase(data, splits, meta.tokenizer, base.context), baseDir)
  },
}

export function isDataTrainer(name: string): boolean {
  return Object.hasOwn(DATA_TRAINERS, name)
}

/**
 * Prepares the trial's dataset (from the shared cache after the first trial of a sweep), then runs
 * the trainer once, or once per fold with `cv`, reporting per-fold curves and the mean ± std.
 */
export async function runDataTrainer(name: string, ctx: TrainerContext, job: BuiltinJob): Promise<TrainerResult> {
  const run = DATA_TRAINERS[name]
  if (!run) throw new Error(`unknown trainer "${name}"`)
  if (job.dataset === undefined) throw new Error(`trainer "${name}" needs a dataset: add a dataset: key to the sweep file`)
  const t0 = performance.now()
  const data = prepareDataset(job.dataset, {
    workspaceDir: job.workspaceDir,
    ...(job.resourcesDir ? { resourcesDir: job.resourcesDir } : {}),
    baseDir: job.baseDir,
    cv: job.cv ?? null,
  })
  const s = data.report.splits
  ctx.log('system', `dataset ${data.name} (${data.task}): ${s.train} train / ${s.validation} validation / ${s.test} test rows${s.folds ? `, ${s.folds.length} folds` : ''}; ${data.fromCache ? 'from the prepared-data cache' : `prepared in ${Math.round(performance.now() - t0)} ms`}`)
  // The sweep's backend and save keys reach the trainer as params unless the sweep sweeps them itself.
  const params = { ...ctx.params }
  if (params.backend === undefined && job.backend !== 'auto') params.backend = job.backend
  if (params.save === undefined && job.save !== 'none') params.save = job.save
  // Chosen here once so the trial records how, and why faster backends were not used.
  const choice = await selectBackend({ pin: backendPinFromParams(params) })
  const skipped = choice.skipped.map((s) => `${s.name}: ${s.why}`).join('; ')
  const backendNote = `${choice.reason}${skipped ? `; not used: ${skipped}` : ''}`
  const base = { ...ctx, params, ...(job.initFromDir ? { initFromDir: job.initFromDir } : {}) }
  if (data.folds.length === 0) return { ...(await run(base, data, data.splits)), backendNote }

  const folds = createFoldReporter(data.folds.length, ctx.report)
  let result: TrainerResult = { backend: 'none' }
  for (let k = 0; k < data.folds.length; k++) {
    if (ctx.signal.aborted) break
    ctx.log('system', `fold ${k + 1} of ${data.folds.length}`)
    result = await run({ ...base, report: folds.forFold(k), trialDir: join(ctx.trialDir, `fold-${k + 1}`) }, data, data.folds[k]!)
  }
  if (!ctx.signal.aborted) folds.finish()
  return { ...result, backendNote }
}
