import { describe, expect, it } from 'vitest'
import { checkAddDatasetInput, suggestDatasetName } from './add-dataset-input.ts'

describe('suggestDatasetName', () => {
  it('makes a valid dataset name from the file or folder name', () => {
    expect(suggestDatasetName('/home/me/data/My Reviews.v2.csv')).toBe('my-reviews.v2')
    expect(suggestDatasetName('C:\\data\\Tweets_2024.jsonl')).toBe('tweets_2024')
    expect(suggestDatasetName('/corpora/poems/')).toBe('poems')
    expect(suggestDatasetName('/x/__Notes.txt')).toBe('notes')
    expect(suggestDatasetName('')).toBe('')
  })
})

describe('checkAddDatasetInput', () => {
  it('accepts a full path and a valid name', () => {
    expect(checkAddDatasetInput('/data/a.csv', 'a')).toEqual({})
    expect(checkAddDatasetInput('D:\\data\\a.csv', 'a-1')).toEqual({})
  })

  it('refuses relative and ~ paths, which the engine would resolve elsewhere', () => {
    expect(checkAddDatasetInput('data/a.csv', 'a').path).toMatch(/full path/)
    expect(checkAddDatasetInput('~/a.csv', 'a').path).toMatch(/~ is not expanded/)
    expect(checkAddDatasetInput('  ', 'a').path).toMatch(/Give the file/)
  })

  it('explains the name rule', () => {
    expect(checkAddDatasetInput('/a.csv', 'My Data').name).toMatch(/lowercase letters/)
    expect(checkAddDatasetInput('/a.csv', '').name).toMatch(/dataset: NAME/)
  })
})
