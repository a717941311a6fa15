import type { Trainer, TrainerContext, TrainerResult } from '../../workers/trainers.ts'
import { createEarlyStopper, optimizerConfigFromParams, parseParams, scheduleFromParams } from '../hyperparams.ts'
import type { Activation } from '../kernels.ts'
import { runTrainLoop } from '../loop.ts'
import type { ArrayDataset } from '../loop.ts'
import { argmaxRows, classificationReport, regressionReport, softmaxCrossEntropy } from '../metrics.ts'
import { createMlp } from '../models/mlp.ts'
import type { Mlp } from '../models/mlp.ts'
import { createOptimizer } from '../optimizers.ts'
import type { Optimizer } from '../optimizers.ts'
import type { PreparedTabular, TabularSplit } from './tabular-data.ts'
import { TABULAR_PARAMS } from '../param-specs.ts'
import { createBestKeeper, finishRun, saveTrialWeights, snapshotWeights, useBackend, writeClassBreakdown } from './trainer-common.ts'
import type { SaveMode } from './trainer-common.ts'

/**
 * `tabular`: an MLP for classification (softmax cross-entropy) or regression (MSE) on encoded CSV
 * columns. Regression targets are standardized for training (the loss is then O(1) whatever the
 * target's units) and metrics are reported in the target's own units.
 */
export { TABULAR_PARAMS }

export interface TabularRunInfo extends TrainerResult {
  status: string
  epochs: number
  steps: number
  last: Record<string, number> | null
}

function hiddenSizes(p: Record<string, unknown>): number[] {
  if (p.hidden_size !== undefined || p.layers !== undefined) {
    const size = (p.hidden_size as number | undefined) ?? 64
    const layers = (p.layers as number | undefined) ?? 2
    return new Array<number>(layers).fill(size)
  }
  return p.hidden as number[]
}

function standardize(y: Float32Array): { mean: number; std: number } {
  let mean = 0
  for (let i = 0; i < y.length; i++) mean += y[i]!
  mean /= y.length || 1
  let v = 0
  for (let i = 0; i < y.length; i++) v += (y[i]! - mean) ** 2
  const std = Math.sqrt(v / (y.length || 1))
  return { mean, std: std > 1e-12 ? std : 1 }
}

/** Trains on already prepared data; the trainer entry (`createTabularTrainer`) only adds loading it. */
export async function trainTabular(ctx: TrainerContext, data: PreparedTabular): Promise<TabularRunInfo> {
  const p = parseParams('tabular', ctx.params, TABULAR_PARAMS)
  const choice = await useBackend(ctx, p)
  const seed = (p.seed as number | undefined) ?? ctx.seed
  const classification = data.task === 'classification'
  const numClasses = classification ? (data.classNames?.length ?? Math.max(...Array.from(data.train.y)) + 1) : 0
  const outputSize = classification ? numClasses : (data.numTargets ?? 1)
  if (data.train.n === 0) throw new Error('tabular: the training split is empty')

  // Regression: train on standardized targets.
  const yStats = classification ? null : standardize(data.train.y as Float32Array)
  const trainY = yStats ? (data.train.y as Float32Array).map((v) => (v - yStats.mean) / yStats.std) : data.train.y
  const train: ArrayDataset = { n: data.train.n, x: data.train.x, xWidth: data.numFeatures, y: trainY, yWidth: classification ? 1 : outputSize }

  let model: Mlp | null = null
  let optimizer: Optimizer | null = null
  try {
    model = createMlp({
      inputSize: data.numFeatures,
      hidden: hiddenSizes(p),
      outputSize,
      task: data.task,
      activation: p.activation as Activation,
      dropout: p.dropout as number,
      seed,
    })
    optimizer = createOptimizer(model.params, optimizerConfigFromParams(p))
    const batchSize = Math.min(p.batch_size as number, train.n)
    const epochs = p.epochs as number
    const totalSteps = epochs * Math.ceil(train.n / batchSize)
    const schedule = scheduleFromParams(p, totalSteps)
    const stopper = createEarlyStopper(p.early_stop_patience as number)
    const m = model
    const opt = optimizer

    const evaluateSplit = (split: TabularSplit, prefix: string): Record<string, number> => {
      const out = m.predict(split.x, split.n)
      if (classification) {
        const labels = split.y as Int32Array
        const pred = argmaxRows(out, split.n, numClasses)
        const rep = classificationReport(labels, pred, numClasses)
        return {
          [`${prefix}loss`]: softmaxCrossEntropy(out, labels, split.n, numClasses),
          [`${prefix}accuracy`]: rep.accuracy,
          [`${prefix}precision`]: rep.precision,
          [`${prefix}recall`]: rep.recall,
          [`${prefix}f1`]: rep.f1,
        }
      }
      const yTrue = split.y as Float32Array
      for (let i = 0; i < out.length; i++) out[i] = out[i]! * yStats!.std + yStats!.mean
      const rep = regressionReport(yTrue, out)
      // val_loss on the standardized scale the model trains on, comparable with the train loss.
      return { [`${prefix}loss`]: rep.mse / (yStats!.std * yStats!.std), [`${prefix}mse`]: rep.mse, [`${prefix}mae`]: rep.mae, [`${prefix}r2`]: rep.r2 }
    }

    const save = p.save as SaveMode
    // The MLP's namedWeights() are fresh tensors (reshaped/cloned views of the params): dispose them.
    const snapshot = () => {
      const named = m.namedWeights()
      const w = snapshotWeights(named)
      for (const t of Object.values(named)) t.dispose()
      return w
    }
    const keeper = createBestKeeper(save, snapshot)

    const result = await runTrainLoop({
      train,
      batchSize,
      epochs,
      seed,
      schedule,
      signal: ctx.signal,
      report: (r) => ctx.report(r),
      step: (batch, info) => m.trainStep(batch.x as Float32Array, batch.y, batch.size, opt, info.lr),
      evaluate: () => {
        const metrics = data.val ? evaluateSplit(data.val, 'val_') : {}
        keeper.offer(metrics.val_loss)
        return metrics
      },
      shouldStop: (rec) => stopper(rec),
    })

    if (result.status === 'completed' || result.status === 'early_stopped') {
      const final: Record<string, unknown> = { step: result.steps }
      if (data.test) Object.assign(final, evaluateSplit(data.test, 'test_'))
      const evalSplit = data.val ?? data.test
      if (classification && evalSplit) {
        const pred = argmaxRows(m.predict(evalSplit.x, evalSplit.n), evalSplit.n, numClasses)
        const rep = classificationReport(evalSplit.y as Int32Array, pred, numClasses)
        await writeClassBreakdown(ctx, final, rep, data.classNames, data.val ? 'val' : 'test')
      }
      if (Object.keys(final).length > 1) ctx.report(final)
      await saveTrialWeights(ctx, save, keeper.best, snapshot, {
        trainer: 'tabular',
        config: { ...m.config },
        task: data.task,
        classNames: data.classNames ?? null,
        featureNames: data.featureNames,
        encoding: data.encoding ?? null,
        targetScale: yStats,
      })
    }
    return finishRun(ctx, choice, result)
  } finally {
    optimizer?.dispose()
    model?.dispose()
  }
}

/** The `Trainer` for workers/trainers.ts: `load` supplies the prepared data for a trial (the data pipeline). */
export function createTabularTrainer(load: (ctx: TrainerContext) => PreparedTabular | Promise<PreparedTabular>): Trainer {
  return async (ctx) => {
    // Validate the parameters before loading data, so a typo fails at once.
    parseParams('tabular', ctx.params, TABULAR_PARAMS)
    const data = await load(ctx)
    const r = await trainTabular(ctx, data)
    return { backend: r.backend }
  }
}
