import { describe, expect, it } from 'vitest'
import { excerptPair } from './excerpt-pair.ts'

describe('excerptPair', () => {
  it('starts both texts a little before they differ and cuts them short', () => {
    const common = 'From: someone@example.com Subject: cheap insurance quotes for you today '
    const [a, b] = excerptPair(`${common}alpha ${'x'.repeat(300)}`, `${common}beta`)
    expect(a.startsWith('…')).toBe(true)
    expect(a).toContain('alpha')
    expect(a.endsWith('…')).toBe(true)
    expect(a.length).toBeLessThanOrEqual(122)
    expect(b).toBe(`…${`${common}beta`.slice(common.length - 24)}`)
  })

  it('keeps short texts whole', () => {
    expect(excerptPair('win a prize', 'win a prize!!')).toEqual(['win a prize', 'win a prize!!'])
  })
})
