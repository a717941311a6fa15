import { describe, expect, it } from 'vitest'
import { datasetSpecSchema, formatDatasetRef, parseDatasetRef } from './dataset-spec.ts'

describe('dataset references', () => {
  it.each([
    ['reviews', { name: 'reviews' }],
    ['reviews@2', { name: 'reviews', version: 2 }],
    ['my.data-set_1@10', { name: 'my.data-set_1', version: 10 }],
  ])('%s parses', (text, ref) => {
    expect(parseDatasetRef(text)).toEqual(ref)
    expect(formatDatasetRef(ref.name, 'version' in ref ? ref.version : null)).toBe(text)
  })

  it.each(['reviews@', 'reviews@0', 'reviews@v2', 'reviews@2@3', 'Reviews@2', '@2', 'reviews@-1'])('%s is refused', (text) => {
    expect(parseDatasetRef(text)).toBeUndefined()
    expect(datasetSpecSchema.safeParse(text).success).toBe(false)
  })

  it('the sweep file accepts NAME@VERSION as the dataset', () => {
    expect(datasetSpecSchema.parse('reviews@3')).toBe('reviews@3')
  })
})
