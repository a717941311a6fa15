import { prepareDataset } from '../../data/pipeline.ts'
import type { PreparedDataset, PreparedSplits } from '../../data/prepared-types.ts'
import { baseConfigFromMetadata } from '../../train/trainers/finetune.ts'
import { loadWeights, readModelMetadata } from '../../train/weights-io.ts'
import type { BuiltinJob } from '../protocol.ts'
import { toPreparedTabular, toPreparedText, toPreparedTextForBase } from './to-trainer-input.ts'
import { isDataTrainerName, type DataTrainerName, type PreparedRuns, type TrainerRun } from './trainer-runs.ts'

/**
 * The file-system half of a data trainer's trial (Node only): the dataset read, cleaned, split and
 * tokenized (from the shared cache after a sweep's first trial), shaped for the trainer, per fold
 * with `cv`. A finetune run gets a loader of its base model's weights.
 */
export function prepareTrainerRuns(name: string, job: BuiltinJob, log: (line: string) => void): PreparedRuns {
  if (!isDataTrainerName(name)) throw new Error(`unknown trainer "${name}"`)
  if (job.dataset === undefined) throw new Error(`trainer "${name}" needs a dataset: add a dataset: key to the sweep file`)
  const t0 = performance.now()
  const data = prepareDataset(job.dataset, {
    workspaceDir: job.workspaceDir,
    ...(job.resourcesDir ? { resourcesDir: job.resourcesDir } : {}),
    baseDir: job.baseDir,
    cv: job.cv ?? null,
  })
  const s = data.report.splits
  log(`dataset ${data.name} (${data.task}): ${s.train} train / ${s.validation} validation / ${s.test} test rows${s.folds ? `, ${s.folds.length} folds` : ''}; ${data.fromCache ? 'from the prepared-data cache' : `prepared in ${Math.round(performance.now() - t0)} ms`}`)
  const shape = runShaper(name, data, job)
  if (data.folds.length === 0) return { runs: [() => shape(data.splits)], folds: false }
  return { runs: data.folds.map((f) => () => shape(f)), folds: true }
}

function runShaper(name: DataTrainerName, data: PreparedDataset, job: BuiltinJob): (splits: PreparedSplits) => TrainerRun {
  switch (name) {
    case 'tabular':
      return (splits) => ({ trainer: name, data: toPreparedTabular(data, splits) })
    case 'text-classifier':
      return (splits) => ({ trainer: name, data: toPreparedText(data, splits, 'classifier') })
    case 'language-model':
      return (splits) => ({ trainer: name, data: toPreparedText(data, splits, 'language-model') })
    case 'finetune': {
      const baseDir = job.initFromDir
      if (!baseDir) throw new Error('finetune: init_from is required (<sweep>/<trial>, <sweep>/best or best)')
      const meta = readModelMetadata(baseDir)
      const base = baseConfigFromMetadata(meta)
      return (splits) => ({ trainer: name, data: toPreparedTextForBase(data, splits, meta.tokenizer, base.context), loadBase: () => loadWeights(baseDir) })
    }
  }
}
