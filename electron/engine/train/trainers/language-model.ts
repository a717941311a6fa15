import type { Trainer, TrainerContext } from '../../workers/trainers.ts'
import { generateIds } from '../generate.ts'
import {
  createEarlyStopper,
  createOptimizer,
  optimizerConfigFromParams,
  parseParams,
  perplexity,
  runTrainLoop,
  scheduleFromParams,
} from '../index.ts'
import type { ArrayDataset, Optimizer } from '../index.ts'
import { createLanguageModel } from '../models/language-model.ts'
import type { LanguageModel } from '../models/language-model.ts'
import { DEFAULT_PAD_ID, lmWindows } from '../models/text-data.ts'
import type { PreparedText } from '../models/text-data.ts'
import { LANGUAGE_MODEL_PARAMS } from '../param-specs.ts'
import { createBestKeeper, finishRun, saveTrialWeights, snapshotWeights, useBackend } from './trainer-common.ts'
import type { SaveMode } from './trainer-common.ts'
import type { TextRunInfo } from './text-classifier.ts'

/**
 * `language-model`: a small decoder-only transformer pre-trained by next-token prediction on the
 * dataset's token stream. Reports per epoch loss, val_loss, perplexity, val_perplexity (per-step
 * loss throttled by the loop) and at the end writes a few samples (temperature sampling from
 * prompts) to samples.json; `save` stores weights a `finetune` trial can start from.
 */
export { LANGUAGE_MODEL_PARAMS }

export const LANGUAGE_MODEL_PARAM_NAMES: readonly string[] = Object.keys(LANGUAGE_MODEL_PARAMS).sort()

export interface LanguageModelRunInfo extends TextRunInfo {
  samples: Array<{ prompt: string; text: string }>
}

/** Validation windows beyond this are not evaluated each epoch (bounds an epoch's eval time). */
const MAX_VAL_WINDOWS = 1024

export async function trainLanguageModel(ctx: TrainerContext, data: PreparedText): Promise<LanguageModelRunInfo> {
  const p = parseParams('language-model', ctx.params, LANGUAGE_MODEL_PARAMS)
  const choice = await useBackend(ctx, p)
  const seed = (p.seed as number | undefined) ?? ctx.seed
  const context = p.context as number
  const train = lmWindows(data.trainIds, context)
  if (train.n === 0) throw new Error('language-model: the training text has fewer than 2 tokens')
  const val = data.valIds ? lmWindows(data.valIds, context) : null
  const valN = val ? Math.min(val.n, MAX_VAL_WINDOWS) : 0
  let model: LanguageModel | null = null
  let optimizer: Optimizer | null = null
  try {
    model = createLanguageModel({
      vocabSize: data.vocabSize,
      context,
      dModel: p.d_model as number,
      layers: p.layers as number,
      heads: p.heads as number,
      ff: p.ff as number,
      dropout: p.dropout as number,
      tied: p.tied as boolean,
      seed,
    })
    const m = model
    optimizer = createOptimizer(m.store.vars, optimizerConfigFromParams(p))
    const opt = optimizer
    const ds: ArrayDataset = { n: train.n, x: train.windows, xWidth: train.width, y: new Int32Array(train.n), yWidth: 1 }
    const batchSize = Math.min(p.batch_size as number, train.n)
    const epochs = p.epochs as number
    const schedule = scheduleFromParams(p, epochs * Math.ceil(train.n / batchSize))
    const stopper = createEarlyStopper(p.early_stop_patience as number)
    const save = p.save as SaveMode
    const keeper = createBestKeeper(save, () => snapshotWeights(m.namedWeights()))
    // Train loss per epoch, token-weighted, for `perplexity` (the loop's record has the batch-weighted mean).
    let epochNll = 0
    let epochTokens = 0

    const result = await runTrainLoop({
      train: ds,
      batchSize,
      epochs,
      seed,
      schedule,
      signal: ctx.signal,
      report: (r) => ctx.report(r),
      // Per-step loss every 25 steps or 250 ms, whichever comes first.
      reportEverySteps: 25,
      // Equal-length windows: a ragged last batch would change every step's shapes for one step.
      dropLast: train.n >= 2 * batchSize,
      step: (batch, info) => {
        const loss = m.trainStep(batch.x as Int32Array, batch.size, opt, info.lr)
        epochNll += loss * batch.size
        epochTokens += batch.size
        return loss
      },
      evaluate: () => {
        const metrics: Record<string, number> = { perplexity: perplexity(epochNll / Math.max(1, epochTokens)) }
        epochNll = 0
        epochTokens = 0
        if (val && valN > 0) {
          const { nll, tokens } = m.evaluate(val.windows.subarray(0, valN * val.width), valN)
          metrics.val_loss = nll / tokens
          metrics.val_perplexity = perplexity(metrics.val_loss)
          keeper.offer(metrics.val_loss)
        }
        return metrics
      },
      shouldStop: (rec) => stopper(rec),
    })

    const samples: Array<{ prompt: string; text: string }> = []
    if ((result.status === 'completed' || result.status === 'early_stopped') && (p.samples as number) > 0) {
      const decode = data.decode ?? ((ids: ArrayLike<number>) => Array.from(ids).join(' '))
      const promptIds = p.prompt !== undefined && data.encode ? data.encode(p.prompt as string) : Array.from((data.valIds ?? data.trainIds).subarray(0, Math.min(16, context)))
      const banned = [data.padId ?? DEFAULT_PAD_ID]
      for (let i = 0; i < (p.samples as number); i++) {
        const ids = generateIds((prefix) => m.nextTokenLogits(prefix), promptIds, {
          maxTokens: p.sample_length as number,
          temperature: p.temperature as number,
          topK: p.top_k as number,
          seed: seed + i,
          banned,
        })
        samples.push({ prompt: decode(promptIds), text: decode(ids) })
      }
      await ctx.files.write('samples.json', JSON.stringify({ temperature: p.temperature, top_k: p.top_k, samples }, null, 2))
      for (const s of samples) ctx.log('stdout', `sample: ${JSON.stringify(s.prompt + s.text)}`)
    }
    if (result.status === 'completed' || result.status === 'early_stopped') {
      await saveTrialWeights(ctx, save, keeper.best, () => snapshotWeights(m.namedWeights()), {
        trainer: 'language-model',
        config: { ...m.config },
        padId: data.padId ?? DEFAULT_PAD_ID,
        tokenizer: data.tokenizer ?? null,
      })
    }
    return { ...finishRun(ctx, choice, result), samples }
  } finally {
    optimizer?.dispose()
    model?.dispose()
  }
}

export function createLanguageModelTrainer(load: (ctx: TrainerContext) => PreparedText | Promise<PreparedText>): Trainer {
  return async (ctx) => {
    parseParams('language-model', ctx.params, LANGUAGE_MODEL_PARAMS)
    const r = await trainLanguageModel(ctx, await load(ctx))
    return { backend: r.backend }
  }
}
