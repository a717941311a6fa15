import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatSweepJsonSchema } from './sweep-json-schema.ts'

describe('docs/sweep-file.schema.json', () => {
  it('equals the schema generated from the zod shape (run `npx node scripts/gen-json-schema.ts` after changing it)', () => {
    const checkedIn = readFileSync(new URL('../../../docs/sweep-file.schema.json', import.meta.url), 'utf8')
    expect(checkedIn).toBe(formatSweepJsonSchema())
  })

  it('describes parameters by reference and forbids unknown keys', () => {
    const schema = JSON.parse(formatSweepJsonSchema()) as {
      required: string[]
      additionalProperties: boolean
      definitions: { parameter: { additionalProperties: boolean; properties: Record<string, unknown> } }
    }
    expect(schema.required).toEqual(['method', 'parameters'])
    expect(schema.additionalProperties).toBe(false)
    expect(schema.definitions.parameter.additionalProperties).toBe(false)
    expect(Object.keys(schema.definitions.parameter.properties)).toContain('distribution')
  })
})
