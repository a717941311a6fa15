import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DATA_TRAINERS } from '../workers/trainer-names.ts'
import { checkTrainerParamNames, checkTrainerParamValues, TABULAR_PARAMS, TRAINER_PARAMS } from './param-specs.ts'

const ENTRY = fileURLToPath(new URL('./param-specs.ts', import.meta.url))

/** Value imports and re-exports of a module (type-only ones are erased by type stripping, so they load nothing). */
function valueImports(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  const re = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
  return [...src.matchAll(re)].map((m) => m[1]!)
}

describe('param-specs.ts stays free of TF.js (the engine main process imports it)', () => {
  it('its value-import graph reaches only our own modules and node: builtins', () => {
    const seen = new Set<string>()
    const bare: string[] = []
    const walk = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      for (const spec of valueImports(file)) {
        if (spec.startsWith('.')) walk(resolve(dirname(file), spec))
        else if (!spec.startsWith('node:')) bare.push(`${file}: ${spec}`)
      }
    }
    walk(ENTRY)
    expect(bare).toEqual([])
  })

  it('importing it in a fresh Node process resolves nothing under @tensorflow', () => {
    // A resolve hook records every specifier the import pulls in, type stripping included.
    const script = `
      import { registerHooks } from 'node:module'
      const seen = []
      registerHooks({ resolve(spec, ctx, next) { seen.push(spec); return next(spec, ctx) } })
      await import(${JSON.stringify(pathToFileURL(ENTRY).href)})
      process.stdout.write(JSON.stringify(seen))
    `
    const seen = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[]
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.filter((s) => s.includes('@tensorflow'))).toEqual([])
  })
})

describe('checkTrainerParamNames', () => {
  it('has a spec for every built-in data trainer', () => {
    expect(Object.keys(TRAINER_PARAMS).sort()).toEqual([...DATA_TRAINERS].sort())
  })

  it('accepts known names and trainers without a spec', () => {
    expect(checkTrainerParamNames('tabular', ['learning_rate', 'hidden'])).toBeNull()
    expect(checkTrainerParamNames('noop', ['anything'])).toBeNull()
  })

  it('names every unknown parameter and the sorted accepted list', () => {
    const accepted = Object.keys(TABULAR_PARAMS).sort().join(', ')
    expect(checkTrainerParamNames('tabular', ['learnig_rate', 'epochs', 'hiden'])).toBe(`trainer "tabular" has no parameters "learnig_rate", "hiden"; accepted: ${accepted}`)
    expect(checkTrainerParamNames('tabular', ['learnig_rate'])).toMatch(/^trainer "tabular" has no parameter "learnig_rate"; accepted: activation, backend, batch_size, /)
  })
})

describe('checkTrainerParamValues', () => {
  it('refuses a literal outside the allowed strings or range, naming the value', () => {
    expect(checkTrainerParamValues('tabular', 'optimizer', ['adam', 'rmsprop'])).toBe('trainer "tabular": parameter "optimizer" must be one of sgd, adam, adamw, got "rmsprop"')
    expect(checkTrainerParamValues('language-model', 'layers', [2, 30])).toBe('trainer "language-model": parameter "layers" must be ≤ 24, got 30')
    expect(checkTrainerParamValues('tabular', 'batch_size', [0.5])).toMatch(/must be an integer/)
  })

  it('passes valid literals, null (the default) and names it does not know', () => {
    expect(checkTrainerParamValues('tabular', 'optimizer', ['sgd', 'adamw', null])).toBeNull()
    expect(checkTrainerParamValues('tabular', 'hidden', [[64, 64], 32])).toBeNull()
    expect(checkTrainerParamValues('tabular', 'nope', ['x'])).toBeNull()
  })
})
