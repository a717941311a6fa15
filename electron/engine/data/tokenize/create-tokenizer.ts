import type { TokenizerType } from '../../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../../shared/errors.ts'
import { DEFAULT_BPE_VOCAB, trainBpeMerges } from './bpe-train.ts'
import { createBpeTokenizer } from './bpe-tokenizer.ts'
import { createCharTokenizer, trainCharTokenizer } from './char-tokenizer.ts'
import type { Tokenizer, TokenizerJson } from './tokenizer-types.ts'
import { createWordTokenizer, DEFAULT_WORD_VOCAB, trainWordTokenizer } from './word-tokenizer.ts'

/** Trains a tokenizer of the given type on texts (the training split only). */
export function trainTokenizer(spec: { type: TokenizerType; vocabSize?: number }, texts: ReadonlyArray<string>): Tokenizer {
  switch (spec.type) {
    case 'char':
      return trainCharTokenizer(texts, spec.vocabSize)
    case 'word':
      return trainWordTokenizer(texts, spec.vocabSize ?? DEFAULT_WORD_VOCAB)
    case 'bpe':
      return createBpeTokenizer(trainBpeMerges(texts, spec.vocabSize ?? DEFAULT_BPE_VOCAB))
  }
}

/** Restores a tokenizer from its JSON (`tokenizer.toJSON()`), e.g. next to saved weights. */
export function tokenizerFromJson(json: unknown): Tokenizer {
  const j = json as Partial<TokenizerJson> | null
  if (j === null || typeof j !== 'object' || j.version !== 1) throw new SweeplabError('dataset/invalid', 'tokenizer JSON: expected an object with version 1')
  switch (j.type) {
    case 'char':
      return createCharTokenizer(stringArray(j.vocab, 'vocab'))
    case 'word':
      return createWordTokenizer(stringArray(j.vocab, 'vocab'))
    case 'bpe':
      if (!Array.isArray(j.merges) || !j.merges.every((n) => Number.isInteger(n))) throw new SweeplabError('dataset/invalid', 'tokenizer JSON: merges must be an array of integers')
      return createBpeTokenizer(j.merges)
    default:
      throw new SweeplabError('dataset/invalid', `tokenizer JSON: unknown type ${JSON.stringify(j.type)} (char, word or bpe)`)
  }
}

function stringArray(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new SweeplabError('dataset/invalid', `tokenizer JSON: ${what} must be an array of strings`)
  return v
}
