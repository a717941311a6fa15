import { describe, expect, it } from 'vitest'
import { offerSpecFile, peekSpecFile, takeSpecFile } from './pending-spec-file.ts'

describe('pending spec file', () => {
  it('holds the latest offered file until the screen that showed it takes it', () => {
    const a = offerSpecFile({ text: 'a: 1', fileName: 'a.yaml' })
    const b = offerSpecFile({ text: 'b: 1', fileName: 'b.yaml' })
    expect(b.id).toBeGreaterThan(a.id)
    expect(peekSpecFile()).toEqual(b)
    // Taking an older one (already replaced) leaves the newer waiting.
    takeSpecFile(a.id)
    expect(peekSpecFile()).toEqual(b)
    takeSpecFile(b.id)
    expect(peekSpecFile()).toBeNull()
  })
})
