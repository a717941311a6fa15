import { SPECIAL_TOKENS, UNK_ID, type Tokenizer } from './tokenizer-types.ts'
import { checkSpecials } from './char-tokenizer.ts'

/** The default vocabulary cap of the word tokenizer (W3 of the benchmark uses 5000). */
export const DEFAULT_WORD_VOCAB = 5000

/**
 * Word splitting, Unicode-aware: a Han, Hiragana, Katakana or Thai character is a word of its own
 * (those scripts write no spaces); a number keeps its decimal separators (3.14, 1,000); a word is a
 * run of letters, marks, digits and _ with inner apostrophes (don't, l'été); any other non-space
 * character is a token of its own. Built with RegExp because the `v` flag's set subtraction is ES2024.
 */
const WORD_RE = new RegExp(
  String.raw`[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]|\p{N}+(?:[.,]\p{N}+)+|[[\p{L}\p{M}\p{N}_]--[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]]+(?:['’][[\p{L}\p{M}\p{N}_]--[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]]+)*|[^\s]`,
  'gv',
)
/** No space is put before these when decoding. */
const NO_SPACE_BEFORE = new Set(['.', ',', '!', '?', ';', ':', '%', ')', ']', '}', '…', '»', '”', '’'])
/** No space is put after these when decoding. */
const NO_SPACE_AFTER = new Set(['(', '[', '{', '«', '“', '$', '£', '€', '¿', '¡'])

/** The words of a text, in order (whitespace dropped). */
export function splitWords(text: string): string[] {
  return text.match(WORD_RE) ?? []
}

/**
 * Word tokenizer: the `vocabSize - 4` most frequent words of the training texts (ties by code unit
 * order), others encode as <unk>. Decoding joins words with single spaces (none before closing
 * punctuation, none after opening brackets), so it round-trips a training text up to whitespace:
 * with every word in the vocabulary, decode(encode(t)) and t are equal once all whitespace is removed.
 */
export function trainWordTokenizer(texts: Iterable<string>, vocabSize = DEFAULT_WORD_VOCAB): Tokenizer {
  const counts = new Map<string, number>()
  for (const t of texts) for (const w of splitWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1)
  const words = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, vocabSize - SPECIAL_TOKENS.length))
    .map(([w]) => w)
  return createWordTokenizer([...SPECIAL_TOKENS, ...words])
}

/** A word tokenizer over a stored vocabulary (ids = positions). */
export function createWordTokenizer(vocab: ReadonlyArray<string>): Tokenizer {
  checkSpecials(vocab, 'word')
  const ids = new Map<string, number>()
  vocab.forEach((w, i) => {
    if (i >= SPECIAL_TOKENS.length) ids.set(w, i)
  })
  return {
    type: 'word',
    vocabSize: vocab.length,
    encode: (text) => splitWords(text).map((w) => ids.get(w) ?? UNK_ID),
    decode(ids) {
      let s = ''
      let prev = ''
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number
        if (id !== UNK_ID && (id < SPECIAL_TOKENS.length || id >= vocab.length)) continue
        const w = id === UNK_ID ? '<unk>' : (vocab[id] as string)
        if (s !== '' && !NO_SPACE_BEFORE.has(w) && !NO_SPACE_AFTER.has(prev)) s += ' '
        s += w
        prev = w
      }
      return s
    },
    tokenText: (id) => vocab[id] ?? '',
    toJSON: () => ({ type: 'word', version: 1, vocab: [...vocab] }),
  }
}
