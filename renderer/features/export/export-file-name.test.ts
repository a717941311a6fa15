import { describe, expect, it } from 'vitest'
import { configFileName, fileSlug, trialsFileName } from './export-file-name.ts'

describe('export file names', () => {
  it('names config files after the sweep and the trial', () => {
    expect(configFileName('spam-grid', 3, null, 'yaml')).toBe('spam-grid-best.yaml')
    expect(configFileName('spam-grid', 3, 7, 'json')).toBe('spam-grid-trial-7.json')
    expect(configFileName('spam-grid', 3, null, 'args')).toBe('spam-grid-best-args.txt')
  })

  it('names trial tables after the sweep, marking a subset', () => {
    expect(trialsFileName('iris', 1, false, 'csv')).toBe('iris-trials.csv')
    expect(trialsFileName('iris', 1, true, 'json')).toBe('iris-selected-trials.json')
  })

  it('drops characters a file name cannot hold and falls back to the sweep id', () => {
    expect(fileSlug('lr / wd: sweep #2', 'x')).toBe('lr-wd-sweep-2')
    expect(fileSlug('../..', 'sweep-4')).toBe('sweep-4')
    expect(fileSlug(undefined, 'sweep-4')).toBe('sweep-4')
  })
})
