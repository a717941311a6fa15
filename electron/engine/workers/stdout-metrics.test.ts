import { describe, expect, it } from 'vitest'
import { createStdoutMetricReader, MAX_MATCHED_CHARS } from './stdout-metrics.ts'
import { analyzeStdoutPattern } from './stdout-pattern.ts'

describe('stdout_metrics pattern rules', () => {
  it('takes the one capture group, or (?<value>…), for a named metric, and notes a step group', () => {
    expect(analyzeStdoutPattern('loss=(\\S+)', 'loss')).toEqual({ ok: true, values: [{ metric: 'loss', group: 1 }], hasStep: false })
    expect(analyzeStdoutPattern('epoch (?<step>\\d+) (?:train )?loss=(\\S+)', 'loss')).toEqual({ ok: true, values: [{ metric: 'loss', group: 2 }], hasStep: true })
    expect(analyzeStdoutPattern('(a|b) loss=(?<value>\\S+)', 'loss')).toEqual({ ok: true, values: [{ metric: 'loss', group: 'value' }], hasStep: false })
  })

  it('without a name, every named group besides step is a metric of that name', () => {
    expect(analyzeStdoutPattern('epoch (?<step>\\d+) loss=(?<loss>\\S+) acc=(?<acc>\\S+)', undefined)).toEqual({
      ok: true, values: [{ metric: 'loss', group: 'loss' }, { metric: 'acc', group: 'acc' }], hasStep: true,
    })
  })

  it.each([
    ['loss=(\\S+', 'loss', /not a valid regular expression: .*Unterminated group/],
    ['(\\d*)', 'loss', /matches an empty line/],
    ['loss=\\S+', 'loss', /no capture group for the value of loss/],
    ['(\\w+)=(\\S+)', 'loss', /2 capture groups besides step.*\(\?<value>…\)/],
    ['loss=(\\S+)', undefined, /no named group and no name/],
    ['loss=(?<value>\\S+)', undefined, /has \(\?<value>…\) but no name/],
    ['loss=(?P<loss>\\S+)', undefined, /Python's spelling/],
    ['(?=loss)loss=(\\S+)', 'loss', /lookaround \(\?=…\) \(character 1\)/],
    ['(?<!val_)loss=(\\S+)', 'loss', /lookaround \(\?<!…\)/],
    ['(a)\\1=(?<value>\\S+)', 'loss', /backreference \\1/],
    ['(?<w>a)\\k<w>=(?<value>\\S+)', 'loss', /backreference \\k<…>/],
  ])('refuses %j (name %j)', (pattern, name, message) => {
    const a = analyzeStdoutPattern(pattern, name)
    expect(a.ok).toBe(false)
    if (!a.ok) expect(a.message).toMatch(message)
  })

  it('reads escapes and character classes as such, not as groups or lookarounds', () => {
    expect(analyzeStdoutPattern('\\(loss\\)=([(?=]\\d+)', 'loss')).toEqual({ ok: true, values: [{ metric: 'loss', group: 1 }], hasStep: false })
  })
})

describe('reading metrics from printed lines', () => {
  it('counts steps per metric when there is no step group, and reads the step group when there is', () => {
    const r = createStdoutMetricReader([
      { pattern: 'loss=(\\S+)', name: 'loss', stream: 'stdout' },
      { pattern: 'epoch (?<step>\\d+) val=(?<val_acc>\\S+)', stream: 'stdout' },
    ])!
    expect(r.read('step loss=0.5', 'stdout', 1)).toEqual({ rows: [['loss', 0, 0.5, 1]], nonFinite: null, errors: [] })
    expect(r.read('loss=0.25', 'stdout', 2)!.rows).toEqual([['loss', 1, 0.25, 2]])
    expect(r.read('epoch 7 val=0.9', 'stdout', 3)!.rows).toEqual([['val_acc', 7, 0.9, 3]])
    expect(r.read('nothing here', 'stdout', 4)).toBeNull()
  })

  it('reads each pattern only on its stream', () => {
    const r = createStdoutMetricReader([
      { pattern: 'a=(\\S+)', name: 'a', stream: 'stdout' },
      { pattern: 'b=(\\S+)', name: 'b', stream: 'stderr' },
      { pattern: 'c=(\\S+)', name: 'c', stream: 'both' },
    ])!
    expect(r.read('a=1 b=2 c=3', 'stdout', 0)!.rows.map((x) => x[0])).toEqual(['a', 'c'])
    expect(r.read('a=1 b=2 c=3', 'stderr', 0)!.rows.map((x) => x[0])).toEqual(['b', 'c'])
  })

  it('reads nan and inf spellings as non-finite (the trial diverges) and reports text that is no number', () => {
    const r = createStdoutMetricReader([{ pattern: 'loss=(\\S+)', name: 'loss', stream: 'stdout' }])!
    const bad = r.read('loss=abc', 'stdout', 0)!
    expect(bad.rows).toEqual([])
    expect(bad.errors[0]).toMatch(/loss matched "abc", not a number/)
    const nan = r.read('loss=nan', 'stdout', 5)!
    expect(nan.rows).toEqual([['loss', 0, null, 5]])
    expect(nan.nonFinite).toBe('loss=NaN at step 0')
    expect(r.read('loss=-inf', 'stdout', 6)!.nonFinite).toBe('loss=-Infinity at step 1')
    expect(r.read('loss=1e-3', 'stdout', 7)!.rows).toEqual([['loss', 2, 0.001, 7]])
  })

  it('refuses a step that is not a non-negative integer', () => {
    const r = createStdoutMetricReader([{ pattern: 'it (?<step>\\S+) loss=(\\S+)', name: 'loss', stream: 'stdout' }])!
    const res = r.read('it 1.5 loss=2', 'stdout', 0)!
    expect(res.rows).toEqual([])
    expect(res.errors[0]).toMatch(/step group matched "1.5"/)
  })

  it('matches only the first characters of a very long line', () => {
    const r = createStdoutMetricReader([{ pattern: 'loss=(\\d+)', name: 'loss', stream: 'stdout' }])!
    expect(r.read(`${'x'.repeat(MAX_MATCHED_CHARS)}loss=3`, 'stdout', 0)).toBeNull()
    expect(r.read(`${'x'.repeat(MAX_MATCHED_CHARS - 10)}loss=3`, 'stdout', 0)!.rows).toEqual([['loss', 0, 3, 0]])
  })

  it('finishes a catastrophically backtracking pattern: V8 falls back to its linear-time engine', () => {
    // Without the fallback, (a+)+ on 40 a's and no match takes about 2^40 steps: this test would hang.
    const r = createStdoutMetricReader([{ pattern: '^(?:a+)+=(?<value>\\d+)$', name: 'x', stream: 'stdout' }])!
    expect(r.read(`${'a'.repeat(40)}!`, 'stdout', 0)).toBeNull()
    expect(r.read('aaa=4', 'stdout', 0)!.rows).toEqual([['x', 0, 4, 0]])
  })
})
