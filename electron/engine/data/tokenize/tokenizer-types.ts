import type { TokenizerType } from '../../../../shared/dataset-spec.ts'

/** Special tokens every tokenizer reserves, at these ids. */
export const SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>', '<eos>'] as const
export const PAD_ID = 0
export const UNK_ID = 1
export const BOS_ID = 2
export const EOS_ID = 3

/** The JSON a tokenizer is stored as (cache, weights folder); `tokenizerFromJson` restores it. */
export type TokenizerJson =
  | { type: 'char'; version: 1; vocab: string[] }
  | { type: 'word'; version: 1; vocab: string[] }
  | { type: 'bpe'; version: 1; merges: number[] }

/** A trained tokenizer. Ids are dense in [0, vocabSize); 0-3 are the special tokens. */
export interface Tokenizer {
  readonly type: TokenizerType
  readonly vocabSize: number
  /** Token ids of a text; no <bos>/<eos> are added (the trainer decides). */
  encode(text: string): number[]
  /** Text of token ids; <pad>, <bos> and <eos> are skipped. */
  decode(ids: ArrayLike<number>): string
  /** The string form of one id, for display (vocab listings, samples). */
  tokenText(id: number): string
  toJSON(): TokenizerJson
}
