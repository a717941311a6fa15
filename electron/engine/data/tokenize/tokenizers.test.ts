import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { trainBpeMerges } from './bpe-train.ts'
import { createBpeTokenizer, FIRST_MERGE_ID, preTokenize } from './bpe-tokenizer.ts'
import { tokenizerFromJson, trainTokenizer } from './create-tokenizer.ts'
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID } from './tokenizer-types.ts'
import { splitWords } from './word-tokenizer.ts'

const TEXTS = [
  'The quick brown fox jumps over the lazy dog.',
  "Don't panic!  It's 3.14 — or 1,000 (maybe) naïve café déjà vu.",
  'Émojis 🐳🐋 and 東京タワー and ภาษาไทย\n\ttabs\tand\nnewlines',
  'the the the fox fox',
]
const MOBY = readFileSync(join(import.meta.dirname, '../../../../resources/datasets/moby-dick.txt'), 'utf8')
const noSpace = (s: string): string => s.replace(/\s+/g, '')

describe('char tokenizer', () => {
  it('reserves the special tokens and round-trips training text exactly', () => {
    const tok = trainTokenizer({ type: 'char' }, TEXTS)
    expect([PAD_ID, UNK_ID, BOS_ID, EOS_ID].map((id) => tok.tokenText(id))).toEqual([...SPECIAL_TOKENS])
    for (const t of TEXTS) expect(tok.decode(tok.encode(t))).toBe(t)
    expect(tok.encode('🐳')).toHaveLength(1) // a code point, not two UTF-16 halves
  })

  it('maps unseen characters to <unk>, decoded as U+FFFD, and caps the vocabulary by frequency', () => {
    const tok = trainTokenizer({ type: 'char', vocabSize: 6 }, ['aaab'])
    expect(tok.vocabSize).toBe(6)
    expect(tok.encode('abz')).toEqual([4, 5, UNK_ID])
    expect(tok.decode([BOS_ID, 4, UNK_ID, EOS_ID, PAD_ID])).toBe('a\uFFFD')
  })
})

describe('word tokenizer', () => {
  it('splits words, numbers, punctuation and CJK characters', () => {
    expect(splitWords("Don't stop: it's 3.14, 1,000 cafés!")).toEqual(["Don't", 'stop', ':', "it's", '3.14', ',', '1,000', 'cafés', '!'])
    expect(splitWords('東京タワー ok')).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'ok'])
  })

  it('round-trips training text up to whitespace', () => {
    const tok = trainTokenizer({ type: 'word' }, [...TEXTS, 'a , b ( c ) .'])
    for (const t of TEXTS) expect(noSpace(tok.decode(tok.encode(t)))).toBe(noSpace(t))
    expect(tok.decode(tok.encode('a , b ( c ) . zzz'))).toBe('a, b (c). <unk>')
  })

  it('keeps the most frequent words under the cap, the rest become <unk>', () => {
    const tok = trainTokenizer({ type: 'word', vocabSize: 6 }, ['b a a c c c'])
    expect(tok.encode('c a b')).toEqual([4, 5, UNK_ID])
  })
})

describe('bpe tokenizer', () => {
  it('pre-tokenizes so that the pieces cover the text exactly', () => {
    for (const t of [...TEXTS, MOBY.slice(0, 20_000)]) expect(preTokenize(t).join('')).toBe(t)
  })

  it('learns frequent pairs first and round-trips any text, trained on or not', () => {
    const tok = createBpeTokenizer(trainBpeMerges(TEXTS, 300))
    expect(tok.vocabSize).toBeLessThanOrEqual(300)
    for (const t of [...TEXTS, 'never seen: Ωmega 𝄞 \u0000 end']) expect(tok.decode(tok.encode(t))).toBe(t)
    expect(tok.encode(' the').length).toBe(1) // ' the' occurs 4 times in TEXTS
    expect(tok.encode('the fox').length).toBeLessThan(new TextEncoder().encode('the fox').length)
  })

  it('refuses a vocabulary smaller than the byte alphabet', () => {
    expect(() => trainBpeMerges(TEXTS, 100)).toThrow(/at least 260/)
  })

  it('trains a 2k vocabulary on ~1 MB in a few seconds and compresses the text', () => {
    const text = MOBY.slice(0, 1_000_000)
    const t0 = performance.now()
    const merges = trainBpeMerges([text], 2000)
    const trainMs = performance.now() - t0
    const tok = createBpeTokenizer(merges)
    const t1 = performance.now()
    const ids = tok.encode(text)
    const encodeMs = performance.now() - t1
    expect(tok.vocabSize).toBe(2000)
    expect(tok.decode(ids)).toBe(text)
    expect(ids.length).toBeLessThan(text.length / 2.5) // ~3 characters per token at 2k merges
    expect(trainMs).toBeLessThan(15_000)
    console.log(`bpe: 2000-token vocabulary on 1.0 MB in ${Math.round(trainMs)} ms; encode ${Math.round(encodeMs)} ms, ${(text.length / ids.length).toFixed(2)} chars/token`)
  })
})

describe('serialization', () => {
  it.each(['char', 'word', 'bpe'] as const)('%s restores from JSON to the same ids', (type) => {
    const tok = trainTokenizer({ type, vocabSize: type === 'bpe' ? 400 : 50 }, TEXTS)
    const back = tokenizerFromJson(JSON.parse(JSON.stringify(tok)))
    expect(back.vocabSize).toBe(tok.vocabSize)
    for (const t of TEXTS) expect(back.encode(t)).toEqual(tok.encode(t))
  })

  it('refuses malformed JSON with a clear message', () => {
    expect(() => tokenizerFromJson({ type: 'bpe', version: 1, merges: [FIRST_MERGE_ID + 5, 10] })).toThrow(/merge 0 refers to unknown ids/)
    expect(() => tokenizerFromJson({ type: 'xyz', version: 1 })).toThrow(/unknown type "xyz"/)
    expect(() => tokenizerFromJson({ type: 'char', version: 1, vocab: ['a'] })).toThrow(/id 0 must be <pad>/)
  })
})
