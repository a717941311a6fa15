import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { selectBackend } from './backend.ts'

describe('backend selection', () => {
  it('picks the best backend that loads and says why the faster ones were skipped', async () => {
    const c = await selectBackend()
    expect(['tensorflow-gpu', 'tensorflow', 'wasm']).toContain(c.name)
    expect(tf.getBackend()).toBe(c.tfName)
    expect(c.version).toBe(tf.version_core)
    if (c.name === 'wasm') {
      // tfjs-node is an optional dependency that cannot install here (it downloads libtensorflow).
      expect(c.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow'])
      expect(c.skipped[1]!.why).toMatch(/tfjs-node/)
      expect(c.threads).toBe(1)
      expect(typeof c.simd).toBe('boolean')
      expect(c.reason).toMatch(/wasm \(XNNPACK/)
    }
  })

  it('honours a pin, and a pinned backend that cannot load is an error naming why', async () => {
    const c = await selectBackend({ pin: 'cpu' })
    expect(c).toMatchObject({ name: 'cpu', tfName: 'cpu', skipped: [] })
    expect(tf.getBackend()).toBe('cpu')
    let installed = true
    try {
      await import('@tensorflow/tfjs-node' as string)
    } catch {
      installed = false
    }
    if (!installed) await expect(selectBackend({ pin: 'tensorflow' })).rejects.toThrow(/pinned but cannot load: @tensorflow\/tfjs-node not installed/)
  })
})
