import type { Trainer, TrainerContext } from '../../workers/trainers.ts'
import {
  argmaxRows,
  classificationReport,
  createEarlyStopper,
  createOptimizer,
  optimizerConfigFromParams,
  parseParams,
  runTrainLoop,
  scheduleFromParams,
  softmaxCrossEntropy,
} from '../index.ts'
import type { ArrayDataset, Optimizer } from '../index.ts'
import { createTextClassifier } from '../models/text-classifier-model.ts'
import type { TextArch, TextClassifier } from '../models/text-classifier-model.ts'
import { DEFAULT_PAD_ID, rowCount } from '../models/text-data.ts'
import type { PreparedText } from '../models/text-data.ts'
import { TEXT_CLASSIFIER_PARAMS } from '../param-specs.ts'
import { createBestKeeper, finishRun, saveTrialWeights, snapshotWeights, useBackend, writeClassBreakdown } from './trainer-common.ts'
import type { SaveMode, TrainerRunInfo } from './trainer-common.ts'

/**
 * `text-classifier`: token embedding → mean pooling (or a small transformer encoder, `arch:
 * transformer`) → dense → softmax. Reports per epoch loss, val_loss, accuracy, precision, recall, f1
 * (macro); at the end per-class figures and the confusion matrix (confusion_matrix.json artifact).
 */
export { TEXT_CLASSIFIER_PARAMS }

/** Names the lead's sweep-file validator accepts for `trainer: text-classifier`. */
export const TEXT_CLASSIFIER_PARAM_NAMES: readonly string[] = Object.keys(TEXT_CLASSIFIER_PARAMS).sort()

export type TextRunInfo = TrainerRunInfo

/** Classification metrics of logits against labels, with `prefix` (val_, test_). */
export function classifierMetrics(logits: Float32Array, labels: Int32Array, n: number, k: number, prefix: string): Record<string, number> {
  const pred = argmaxRows(logits, n, k)
  const rep = classificationReport(labels, pred, k)
  return {
    [`${prefix}loss`]: softmaxCrossEntropy(logits, labels, n, k),
    [`${prefix}accuracy`]: rep.accuracy,
    [`${prefix}precision`]: rep.precision,
    [`${prefix}recall`]: rep.recall,
    [`${prefix}f1`]: rep.f1,
  }
}

/**
 * The end-of-trial record: test metrics, per-class figures and the confusion matrix of the
 * validation split (the test split when there is none) written to confusion_matrix.json.
 */
export async function reportClassifierFinal(
  ctx: TrainerContext,
  predict: (ids: Int32Array, n: number) => Float32Array,
  data: PreparedText,
  k: number,
  step: number,
): Promise<void> {
  const final: Record<string, unknown> = { step }
  const nTest = rowCount(data.testIds, data.seqLen)
  if (data.testIds && data.testLabels && nTest > 0) Object.assign(final, classifierMetrics(predict(data.testIds, nTest), data.testLabels, nTest, k, 'test_'))
  const useVal = data.valIds && data.valLabels && rowCount(data.valIds, data.seqLen) > 0
  const ids = useVal ? data.valIds : data.testIds
  const labels = useVal ? data.valLabels : data.testLabels
  const n = rowCount(ids, data.seqLen)
  if (ids && labels && n > 0) await writeClassBreakdown(ctx, final, classificationReport(labels, argmaxRows(predict(ids, n), n, k), k), data.labelNames, useVal ? 'val' : 'test')
  if (Object.keys(final).length > 1) ctx.report(final)
}

/** Classes in the labels: the label names' count, else the largest training label + 1. */
export function numClassesOf(data: PreparedText): number {
  if (data.labelNames?.length) return data.labelNames.length
  let max = 0
  for (const y of data.trainLabels ?? []) max = Math.max(max, y)
  return max + 1
}

/** Trains on prepared data; `createTextClassifierTrainer` adds loading it. */
export async function trainTextClassifier(ctx: TrainerContext, data: PreparedText): Promise<TextRunInfo> {
  const p = parseParams('text-classifier', ctx.params, TEXT_CLASSIFIER_PARAMS)
  const choice = await useBackend(ctx, p)
  const seed = (p.seed as number | undefined) ?? ctx.seed
  if (!data.trainLabels) throw new Error('text-classifier: the dataset has no labels')
  const n = rowCount(data.trainIds, data.seqLen)
  if (n === 0) throw new Error('text-classifier: the training split is empty')
  const k = numClassesOf(data)
  const arch = p.arch as TextArch
  let model: TextClassifier | null = null
  let optimizer: Optimizer | null = null
  try {
    model = createTextClassifier({
      arch,
      vocabSize: data.vocabSize,
      seqLen: data.seqLen,
      numClasses: k,
      embedding: (p.d_model as number | undefined) ?? (p.embedding as number),
      hidden: p.hidden as number,
      dropout: p.dropout as number,
      padId: data.padId ?? DEFAULT_PAD_ID,
      seed,
      layers: p.layers as number,
      heads: p.heads as number,
      ff: p.ff as number,
    })
    const m = model
    optimizer = createOptimizer(m.store.vars, optimizerConfigFromParams(p))
    const opt = optimizer
    const train: ArrayDataset = { n, x: data.trainIds, xWidth: data.seqLen, y: data.trainLabels, yWidth: 1 }
    const batchSize = Math.min(p.batch_size as number, n)
    const epochs = p.epochs as number
    const schedule = scheduleFromParams(p, epochs * Math.ceil(n / batchSize))
    const stopper = createEarlyStopper(p.early_stop_patience as number)
    const save = p.save as SaveMode
    const keeper = createBestKeeper(save, () => snapshotWeights(m.namedWeights()))
    const nVal = rowCount(data.valIds, data.seqLen)

    const result = await runTrainLoop({
      train,
      batchSize,
      epochs,
      seed,
      schedule,
      signal: ctx.signal,
      report: (r) => ctx.report(r),
      step: (batch, info) => m.trainStep(batch.x as Int32Array, batch.y as Int32Array, batch.size, opt, info.lr),
      evaluate: () => {
        if (!data.valIds || !data.valLabels || nVal === 0) return {}
        const metrics = classifierMetrics(m.predict(data.valIds, nVal), data.valLabels, nVal, k, 'val_')
        keeper.offer(metrics.val_loss)
        return metrics
      },
      shouldStop: (rec) => stopper(rec),
    })

    if (result.status === 'completed' || result.status === 'early_stopped') {
      await reportClassifierFinal(ctx, (ids, rows) => m.predict(ids, rows), data, k, result.steps)
      await saveTrialWeights(ctx, save, keeper.best, () => snapshotWeights(m.namedWeights()), {
        trainer: 'text-classifier',
        config: { ...m.config },
        labelNames: data.labelNames ?? null,
        tokenizer: data.tokenizer ?? null,
      })
    }
    return finishRun(ctx, choice, result)
  } finally {
    optimizer?.dispose()
    model?.dispose()
  }
}

/** The `Trainer` for workers/trainers.ts; `load` supplies the trial's prepared data (the data pipeline). */
export function createTextClassifierTrainer(load: (ctx: TrainerContext) => PreparedText | Promise<PreparedText>): Trainer {
  return async (ctx) => {
    parseParams('text-classifier', ctx.params, TEXT_CLASSIFIER_PARAMS) // a typo fails before any data is read
    const r = await trainTextClassifier(ctx, await load(ctx))
    return { backend: r.backend }
  }
}
