import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ENTRY = fileURLToPath(new URL('./page/page-main.ts', import.meta.url))
/** What the page may load besides our own modules: TF.js and its backends. */
const ALLOWED = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm']

/** Value imports and re-exports of a module (type-only ones are erased, so they load nothing). */
function valueImports(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  const re = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
  return [...src.matchAll(re)].map((m) => m[1]!)
}

describe('the browser GPU worker page bundle', () => {
  it('reaches no Node built-in and no package but TF.js: the trainers it shares with Node workers stay platform-free', () => {
    const seen = new Set<string>()
    const outside: string[] = []
    const walk = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      for (const spec of valueImports(file)) {
        if (spec.startsWith('.')) walk(resolve(dirname(file), spec))
        else if (!ALLOWED.includes(spec)) outside.push(`${file.replace(resolve(ENTRY, '../../../../../..') + '/', '')}: ${spec}`)
      }
    }
    walk(ENTRY)
    expect(outside).toEqual([])
    // The trainers themselves are in the graph (not a copy of them).
    expect([...seen].some((f) => f.endsWith('train/trainers/tabular.ts'))).toBe(true)
    expect([...seen].some((f) => f.endsWith('train/trainers/language-model.ts'))).toBe(true)
  })
})
