import { SweeplabError } from '../../../../shared/errors.ts'
import { SPECIAL_TOKENS, UNK_ID, type Tokenizer } from './tokenizer-types.ts'

/** U+FFFD: what <unk> decodes to, so a lossy decode is visible in the text. */
const REPLACEMENT = '\uFFFD'

/**
 * Character tokenizer: one id per Unicode code point seen in the training texts (most frequent
 * first, ties by code point), after the 4 special tokens. `vocabSize` caps it; characters left out
 * encode as <unk>. Without a cap, decode(encode(t)) === t for every training text.
 */
export function trainCharTokenizer(texts: Iterable<string>, vocabSize?: number): Tokenizer {
  const counts = new Map<string, number>()
  for (const t of texts) for (const ch of t) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  const chars = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0].codePointAt(0) as number) - (b[0].codePointAt(0) as number))
    .map(([ch]) => ch)
  const keep = vocabSize === undefined ? chars : chars.slice(0, Math.max(0, vocabSize - SPECIAL_TOKENS.length))
  return createCharTokenizer([...SPECIAL_TOKENS, ...keep])
}

/** A character tokenizer over a stored vocabulary (ids = positions). */
export function createCharTokenizer(vocab: ReadonlyArray<string>): Tokenizer {
  checkSpecials(vocab, 'char')
  const ids = new Map<string, number>()
  vocab.forEach((ch, i) => {
    if (i >= SPECIAL_TOKENS.length) ids.set(ch, i)
  })
  return {
    type: 'char',
    vocabSize: vocab.length,
    encode(text) {
      const out: number[] = []
      for (const ch of text) out.push(ids.get(ch) ?? UNK_ID)
      return out
    },
    decode(ids) {
      let s = ''
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number
        if (id === UNK_ID) s += REPLACEMENT
        else if (id >= SPECIAL_TOKENS.length && id < vocab.length) s += vocab[id]
      }
      return s
    },
    tokenText: (id) => vocab[id] ?? '',
    toJSON: () => ({ type: 'char', version: 1, vocab: [...vocab] }),
  }
}

export function checkSpecials(vocab: ReadonlyArray<string>, type: string): void {
  SPECIAL_TOKENS.forEach((s, i) => {
    if (vocab[i] !== s) throw new SweeplabError('dataset/invalid', `${type} tokenizer JSON: id ${i} must be ${s}, found ${JSON.stringify(vocab[i])}`)
  })
}
