import { describe, expect, it } from 'vitest'
import { dedupExact } from './dedup-exact.ts'
import { measureLabelBalance } from './label-balance.ts'
import { DEFAULT_NORMALIZE, normalizeRows, normalizeText } from './normalize-text.ts'

describe('normalization', () => {
  it('applies NFKC, lowercase and collapses whitespace by default', () => {
    expect(normalizeText('Ｆｕｌｌ\u00A0Width  ﬁne\t\tText\r\n\r\n\r\n\r\nEnd ', DEFAULT_NORMALIZE)).toBe('full width fine text\n\nend')
  })

  it('removes zero-width and control characters even with every option off', () => {
    const off = { nfkc: false, lowercase: false, punctuation: 'keep', whitespace: 'keep' } as const
    expect(normalizeText('a\u200Bb\u0007c\u00ADd', off)).toBe('abcd')
  })

  it('collapses repeated punctuation or strips it to spaces', () => {
    const o = { ...DEFAULT_NORMALIZE, lowercase: false }
    expect(normalizeText('WIN!!!! now??? ok...', { ...o, punctuation: 'collapse' })).toBe('WIN! now? ok.')
    expect(normalizeText("don't—stop, e-mail!", { ...o, punctuation: 'strip' })).toBe('don t stop e mail')
  })

  it('puts everything on one line with single-line whitespace', () => {
    expect(normalizeText(' a \n\n b\tc ', { ...DEFAULT_NORMALIZE, whitespace: 'single-line' })).toBe('a b c')
  })

  it('counts the rows it changed', () => {
    const out = normalizeRows([{ t: 'abc' }, { t: 'ABC' }, { t: null }], 't', DEFAULT_NORMALIZE)
    expect(out.changed).toBe(1)
    expect(out.rows.map((r) => r.t)).toEqual(['abc', 'abc', null])
  })
})

describe('exact deduplication', () => {
  it('keeps the first of texts equal after NFKC, case and whitespace folding', () => {
    const rows = [
      { text: 'Hello  World', label: 'a' },
      { text: 'hello world', label: 'a' },
      { text: 'ＨＥＬＬＯ world\n', label: 'b' },
      { text: 'hello, world', label: 'a' },
    ]
    const out = dedupExact(rows, { text: 'text', label: 'label' })
    expect(out.rows.map((r) => r.text)).toEqual(['Hello  World', 'hello, world'])
    expect(out.removed).toBe(2)
    expect(out.conflictingLabels).toBe(1)
  })

  it('compares whole rows when there is no text column', () => {
    const out = dedupExact([{ a: 1, b: 2 }, { a: 1, b: 2 }, { a: 1, b: 3 }], {})
    expect(out.removed).toBe(1)
  })
})

describe('label balance', () => {
  it('reports each class share, the ratio and the majority baseline', () => {
    const rows = [...Array(6).fill({ y: 'ham' }), ...Array(3).fill({ y: 'spam' }), { y: null }]
    const b = measureLabelBalance(rows, 'y')
    expect(b.classes).toEqual([{ label: 'ham', count: 6, share: 6 / 9 }, { label: 'spam', count: 3, share: 3 / 9 }])
    expect(b).toMatchObject({ ratio: 2, threshold: 3, skewed: false, missing: 1 })
    expect(b.majorityShare).toBeCloseTo(2 / 3)
  })

  it('flags a ratio above the threshold as skewed', () => {
    const rows = [...Array(31).fill({ y: 1 }), ...Array(10).fill({ y: 0 })]
    expect(measureLabelBalance(rows, 'y').skewed).toBe(true)
    expect(measureLabelBalance(rows, 'y', 4).skewed).toBe(false)
  })
})
