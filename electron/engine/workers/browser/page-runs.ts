import { tokenizerFromJson } from '../../data/tokenize/create-tokenizer.ts'
import type { PreparedText } from '../../train/models/text-data.ts'
import type { PreparedTabular } from '../../train/trainers/tabular-data.ts'
import { decodeWeightFiles } from '../../train/weights-format.ts'
import type { DataTrainerName, PreparedRuns, TrainerRun } from '../builtin/trainer-runs.ts'
import { packValue, unpackValue } from './pack.ts'
import type { PageRunMessage } from './page-protocol.ts'

/**
 * A trial's prepared runs in and out of a page message. Functions do not travel: a text run's
 * encode/decode are rebuilt in the page from the tokenizer JSON it carries, and a finetune base
 * travels as its weight files' bytes, decoded once the page's backend is loaded.
 */
export function packRuns(prepared: PreparedRuns): { runs: unknown[]; folds: boolean } {
  return { runs: prepared.runs.map((r) => packValue(r().data)), folds: prepared.folds }
}

/** A text run's data with encode/decode from its tokenizer (when it has one). */
export function withTokenizer(text: PreparedText): PreparedText {
  if (text.tokenizer === undefined || text.tokenizer === null) return text
  const tok = tokenizerFromJson(text.tokenizer)
  return { ...text, encode: (s: string) => tok.encode(s), decode: (ids: ArrayLike<number>) => tok.decode(ids) }
}

function unpackRun(trainer: DataTrainerName, packed: unknown, base: PageRunMessage['base']): TrainerRun {
  const data = unpackValue(packed)
  switch (trainer) {
    case 'tabular':
      return { trainer, data: data as PreparedTabular }
    case 'text-classifier':
    case 'language-model':
      return { trainer, data: withTokenizer(data as PreparedText) }
    case 'finetune': {
      if (!base) throw new Error('finetune: the run carries no base model')
      const files = base.weights.map((w) => unpackValue(w))
      if (!files.every((f) => f instanceof Uint8Array)) throw new Error('finetune: the base model’s weight files are malformed')
      return { trainer, data: withTokenizer(data as PreparedText), loadBase: async () => decodeWeightFiles(base.modelJson, files as Uint8Array[]) }
    }
  }
}

/** The runs of a page's `run` message, each unpacked when its turn comes. */
export function unpackRuns(msg: PageRunMessage): PreparedRuns {
  return { runs: msg.runs.map((r) => () => unpackRun(msg.trainer, r, msg.base)), folds: msg.folds }
}
