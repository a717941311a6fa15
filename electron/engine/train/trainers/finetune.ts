import type * as tf from '@tensorflow/tfjs'
import type { Trainer, TrainerContext } from '../../workers/trainers.ts'
import {
  createEarlyStopper,
  createOptimizer,
  optimizerConfigFromParams,
  parseParams,
  runTrainLoop,
  scheduleFromParams,
} from '../index.ts'
import type { ArrayDataset, Optimizer } from '../index.ts'
import { createFinetuneModel } from '../models/language-model-finetune.ts'
import type { FinetuneModel } from '../models/language-model-finetune.ts'
import type { LanguageModelConfig } from '../models/language-model.ts'
import { DEFAULT_PAD_ID, rowCount } from '../models/text-data.ts'
import type { PreparedText } from '../models/text-data.ts'
import { FINETUNE_PARAMS } from '../param-specs.ts'
import type { SavedWeights } from '../weights-format.ts'
import { classifierMetrics, numClassesOf, reportClassifierFinal } from './text-classifier.ts'
import type { TextRunInfo } from './text-classifier.ts'
import { createBestKeeper, finishRun, saveTrialWeights, snapshotWeights, useBackend } from './trainer-common.ts'
import type { SaveMode } from './trainer-common.ts'

/**
 * `finetune`: a classification head on a pre-trained `language-model` trial's weights
 * (`init_from: <sweep>/<trial>` or `best`, resolved to that trial's model folder by the caller),
 * optionally with the base frozen. Reports the classifier metrics of `text-classifier`.
 */
export { FINETUNE_PARAMS }

export const FINETUNE_PARAM_NAMES: readonly string[] = Object.keys(FINETUNE_PARAMS).sort()

/** The base LM's config as saved by the language-model trainer (model.json userDefinedMetadata). */
export function baseConfigFromMetadata(meta: Record<string, unknown>): LanguageModelConfig {
  if (meta.trainer !== 'language-model') throw new Error(`finetune: init_from must name a language-model trial's weights, got a "${String(meta.trainer)}" model`)
  const c = meta.config as Partial<LanguageModelConfig> | undefined
  if (!c || typeof c.vocabSize !== 'number' || typeof c.dModel !== 'number') throw new Error('finetune: the base weights carry no model config')
  return { ...(c as LanguageModelConfig), dropout: c.dropout ?? 0 }
}

/** Rows of width `from` cut to their first `to` ids (when the data's rows are longer than the base's context). */
function cutRows(ids: Int32Array, from: number, to: number): Int32Array {
  if (from === to) return ids
  const n = Math.floor(ids.length / from)
  const out = new Int32Array(n * to)
  for (let i = 0; i < n; i++) out.set(ids.subarray(i * from, i * from + to), i * to)
  return out
}

/**
 * Loads the base model's weights; called once the trial's backend is loaded, so the tensors live
 * there (a Node worker reads the model folder, a browser GPU worker decodes bytes the engine sent).
 */
export type BaseLoader = () => Promise<SavedWeights>

/**
 * Trains on prepared data from the base weights `loadBase` gives (null: a randomly initialized base
 * of `scratchBase`'s shape, for comparisons).
 */
export async function trainFinetune(ctx: TrainerContext, data: PreparedText, loadBase: BaseLoader | null, scratchBase?: LanguageModelConfig): Promise<TextRunInfo> {
  const p = parseParams('finetune', ctx.params, FINETUNE_PARAMS)
  const choice = await useBackend(ctx, p)
  const seed = (p.seed as number | undefined) ?? ctx.seed
  if (!data.trainLabels) throw new Error('finetune: the dataset has no labels')
  let base: LanguageModelConfig
  let baseWeights: Record<string, tf.Tensor> | null = null
  if (loadBase) {
    const loaded = await loadBase()
    base = baseConfigFromMetadata(loaded.metadata)
    baseWeights = loaded.tensors
  } else if (scratchBase) base = { ...scratchBase, seed }
  else throw new Error('finetune: init_from is required (the language-model trial to start from)')
  if (data.vocabSize > base.vocabSize) throw new Error(`finetune: the dataset's vocabulary (${data.vocabSize}) is larger than the base model's (${base.vocabSize}); tokenize with the base's tokenizer`)
  base.dropout = p.dropout as number
  const t = Math.min(data.seqLen, base.context)
  if (t < data.seqLen) ctx.log('stdout', `rows cut from ${data.seqLen} to the base's context of ${t} tokens`)
  const trainIds = cutRows(data.trainIds, data.seqLen, t)
  const view: PreparedText = {
    ...data,
    seqLen: t,
    trainIds,
    ...(data.valIds ? { valIds: cutRows(data.valIds, data.seqLen, t) } : {}),
    ...(data.testIds ? { testIds: cutRows(data.testIds, data.seqLen, t) } : {}),
  }
  const n = rowCount(trainIds, t)
  if (n === 0) throw new Error('finetune: the training split is empty')
  const k = numClassesOf(data)
  const freeze = p.freeze_base as boolean
  let model: FinetuneModel | null = null
  let optimizer: Optimizer | null = null
  try {
    model = createFinetuneModel({ base, numClasses: k, hidden: p.hidden as number, dropout: p.dropout as number, padId: data.padId ?? DEFAULT_PAD_ID, seed }, baseWeights)
    for (const w of Object.values(baseWeights ?? {})) w.dispose()
    const m = model
    const vars = m.trainable(freeze)
    optimizer = createOptimizer(vars, optimizerConfigFromParams(p))
    const opt = optimizer
    const d = base.dModel
    // Frozen base: its pooled features are fixed, so compute them once and train the head on them.
    const cache = new Map<Int32Array, Float32Array>()
    const featuresOf = (ids: Int32Array) => {
      let f = cache.get(ids)
      if (!f) cache.set(ids, (f = m.features(ids, rowCount(ids, t), t)))
      return f
    }
    const predict = (ids: Int32Array, rows: number) => (freeze ? m.predictFeatures(featuresOf(ids), rows) : m.predict(ids, rows, t))
    const train: ArrayDataset = freeze
      ? { n, x: featuresOf(trainIds), xWidth: d, y: data.trainLabels, yWidth: 1 }
      : { n, x: trainIds, xWidth: t, y: data.trainLabels, yWidth: 1 }
    const batchSize = Math.min(p.batch_size as number, n)
    const epochs = p.epochs as number
    const schedule = scheduleFromParams(p, epochs * Math.ceil(n / batchSize))
    const stopper = createEarlyStopper(p.early_stop_patience as number)
    const save = p.save as SaveMode
    const keeper = createBestKeeper(save, () => snapshotWeights(m.namedWeights()))
    const nVal = rowCount(view.valIds, t)

    const result = await runTrainLoop({
      train,
      batchSize,
      epochs,
      seed,
      schedule,
      signal: ctx.signal,
      report: (r) => ctx.report(r),
      step: (batch, info) =>
        freeze
          ? m.headStep(batch.x as Float32Array, batch.y as Int32Array, batch.size, opt, info.lr)
          : m.trainStep(batch.x as Int32Array, batch.y as Int32Array, batch.size, t, vars, opt, info.lr),
      evaluate: () => {
        if (!view.valIds || !data.valLabels || nVal === 0) return {}
        const metrics = classifierMetrics(predict(view.valIds, nVal), data.valLabels, nVal, k, 'val_')
        keeper.offer(metrics.val_loss)
        return metrics
      },
      shouldStop: (rec) => stopper(rec),
    })

    if (result.status === 'completed' || result.status === 'early_stopped') {
      await reportClassifierFinal(ctx, predict, view, k, result.steps)
      await saveTrialWeights(ctx, save, keeper.best, () => snapshotWeights(m.namedWeights()), {
        trainer: 'finetune',
        config: { ...m.config },
        initFrom: (p.init_from as string | undefined) ?? null,
        freezeBase: freeze,
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

/**
 * The `Trainer`: `load` supplies the labeled data (tokenized with the base's tokenizer), and
 * `resolveBase` turns `init_from` into a loader of the base trial's weights (the store knows the sweeps).
 */
export function createFinetuneTrainer(
  load: (ctx: TrainerContext) => PreparedText | Promise<PreparedText>,
  resolveBase: (ctx: TrainerContext, initFrom: string) => BaseLoader | Promise<BaseLoader>,
): Trainer {
  return async (ctx) => {
    const p = parseParams('finetune', ctx.params, FINETUNE_PARAMS)
    if (typeof p.init_from !== 'string' || p.init_from === '') throw new Error('finetune: init_from is required (<sweep>/<trial> or best)')
    const loadBase = await resolveBase(ctx, p.init_from)
    const r = await trainFinetune(ctx, await load(ctx), loadBase)
    return { backend: r.backend }
  }
}
