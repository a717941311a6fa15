import { describe, expect, it } from 'vitest'
import { applySpecEdit } from './spec-edits.ts'
import { readSpecForm } from './spec-form.ts'
import { listText, parseListText, parseSpecDocument, parseValueText, printSpecDocument, valueText } from './spec-yaml.ts'

// Every shipped example, so a new one is covered without touching this test.
const EXAMPLES = import.meta.glob<string>('../../../resources/examples/*.yaml', { query: '?raw', import: 'default', eager: true })

describe('the shipped examples', () => {
  it('are found', () => {
    expect(Object.keys(EXAMPLES).length).toBeGreaterThanOrEqual(5)
  })

  it.each(Object.entries(EXAMPLES))('%s prints back byte for byte', (_file, text) => {
    expect(printSpecDocument(parseSpecDocument(text))).toBe(text)
  })

  it.each(Object.entries(EXAMPLES))('%s survives a form edit and its undo with comments intact', (_file, text) => {
    const read = readSpecForm(text)
    if (!read.ok) throw new Error(read.reason)
    const renamed = applySpecEdit(text, { type: 'set-field', field: 'description', text: 'changed by the form' })
    if (!renamed.ok) throw new Error(renamed.message)
    const comments = text.split('\n').filter((l) => l.includes('#'))
    for (const c of comments) expect(renamed.text).toContain(c)
    const back = applySpecEdit(renamed.text, { type: 'set-field', field: 'description', text: read.form.fields.description })
    expect(back.ok && back.text).toBe(text)
  })
})

describe('field values', () => {
  it('parses a typed value as YAML 1.1, as the engine will', () => {
    const cases: [string, unknown][] = [['0.01', 0.01], ['1e-3', 0.001], ['adam', 'adam'], ['yes', true], ['"yes"', 'yes'], ['n', 'n'], ['[32, 64]', [32, 64]], ['{a: 1}', { a: 1 }], ['null', null]]
    for (const [text, value] of cases) {
      const parsed = parseValueText(text)
      expect(parsed.ok && parsed.node.toJSON(), text).toEqual(value)
    }
  })

  it('refuses empty text and broken YAML with a reason', () => {
    expect(parseValueText('  ')).toEqual({ ok: false, message: 'enter a value (write "" for empty text)' })
    const broken = parseValueText('[1, 2')
    expect(broken.ok).toBe(false)
    expect(!broken.ok && broken.message).toMatch(/^not a YAML value: /)
  })

  it('parses a comma-separated list, nested lists included', () => {
    const parsed = parseListText('[16], [32, 32], relu, "a, b"')
    expect(parsed.ok && parsed.node.toJSON()).toEqual([[16], [32, 32], 'relu', 'a, b'])
    expect(parseListText('').ok).toBe(false)
  })

  it('shows values on one line without their comments, quoting where needed', () => {
    const doc = parseSpecDocument('a: [1.0, "yes", x] # c\nb:\n  k: 1 # d\nc: "${program}"\nd: |\n  two\n  lines\n')
    expect(listText(doc.get('a', true))).toBe('1.0, "yes", x')
    expect(valueText(doc.get('b', true))).toBe('{k: 1}')
    expect(valueText(doc.get('c', true))).toBe('"${program}"')
    expect(valueText(doc.get('d', true))).toBeNull()
    expect(listText(doc.get('b', true))).toBeNull()
  })
})

describe('printSpecDocument', () => {
  it('keeps a JSON document JSON, indented, short lists on one line', () => {
    const doc = parseSpecDocument('{"method": "grid", "parameters": {"lr": {"values": [0.1, 0.01]}, "h": {"value": {"a": [1, 2]}}}, "command": ["node", "${program}"]}')
    doc.setIn(['name'], 'j')
    const out = printSpecDocument(doc)
    expect(out).toBe('{\n  "method": "grid",\n  "parameters": {\n    "lr": {"values": [0.1, 0.01]},\n    "h": {\n      "value": {"a": [1, 2]}\n    }\n  },\n  "command": ["node", "${program}"],\n  "name": "j"\n}\n')
    expect(JSON.parse(out)).toEqual({ method: 'grid', parameters: { lr: { values: [0.1, 0.01] }, h: { value: { a: [1, 2] } } }, command: ['node', '${program}'], name: 'j' })
  })

  it('writes YAML-only numbers in a JSON file as JSON numbers', () => {
    const doc = parseSpecDocument('{"a": 0x10, "b": 1e3, "c": .5}')
    expect(JSON.parse(printSpecDocument(doc))).toEqual({ a: 16, b: 1000, c: 0.5 })
  })
})
