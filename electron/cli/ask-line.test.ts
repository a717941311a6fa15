import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { askLine, isYes } from './ask-line.ts'

function streams(): { input: PassThrough; output: PassThrough; written: () => string } {
  const input = new PassThrough()
  const output = new PassThrough()
  let text = ''
  output.on('data', (c) => (text += String(c)))
  return { input, output, written: () => text }
}

describe('askLine', () => {
  it('writes the question and resolves with the line typed', async () => {
    const s = streams()
    const answer = askLine(s.input, s.output, 'delete? [y/N] ')
    s.input.write('yes\n')
    expect(await answer).toBe('yes')
    expect(s.written()).toBe('delete? [y/N] ')
  })

  it('resolves null when input ends without an answer (Ctrl-D, a closed pipe)', async () => {
    const s = streams()
    const answer = askLine(s.input, s.output, 'delete? ')
    s.input.end()
    expect(await answer).toBeNull()
    expect(s.written()).toBe('delete? \n')
  })
})

describe('askLine on a terminal', () => {
  it('resolves null on Ctrl-C instead of hanging, and ends the question line', async () => {
    const s = streams()
    // What readline needs of a TTY: the flag, and raw mode to read keys one by one.
    Object.assign(s.input, { isTTY: true, setRawMode: () => s.input })
    const answer = askLine(s.input, s.output, 'delete? ')
    s.input.write('ye\u0003')
    expect(await answer).toBeNull()
    expect(s.written().endsWith('\n')).toBe(true)
  })
})

describe('isYes', () => {
  it('takes y and yes in any case as yes, anything else as no', () => {
    expect(['y', 'Y', 'yes', ' YES ', 'Yes'].map(isYes)).toEqual([true, true, true, true, true])
    expect(['', 'n', 'no', 'yess', 'y y', 'ja', null].map(isYes)).toEqual([false, false, false, false, false, false, false])
  })
})
