import { describe, expect, it } from 'vitest'
import { csvField, formatTrialsCsv, formatTrialsJson } from './export-trials.ts'
import { makeTrial } from './trial-fixture.ts'

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5)

describe('formatTrialsCsv', () => {
  it('writes the fixed columns around the union of flattened params in first-seen order', () => {
    const trials = [
      makeTrial({
        id: 1, params: { lr: 0.1, opt: { name: 'adam' } }, finalValue: 0.25, bestValue: 0.2,
        startedAt: T0, endedAt: T0 + 3250, exitCode: 0, backend: 'tfjs-node',
      }),
      makeTrial({ id: 2, index: 1, attempt: 2, status: 'failed', params: { lr: 0.01, depth: 3 }, exitCode: 1, error: 'boom' }),
    ]
    expect(formatTrialsCsv(trials, 'val_loss')).toBe(
      'id,index,attempt,status,lr,opt.name,depth,val_loss,val_loss_best,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error\r\n' +
        '1,0,1,completed,0.1,adam,,0.25,0.2,42,2026-01-02T03:04:05.000Z,2026-01-02T03:04:08.250Z,3.25,0,,tfjs-node,\r\n' +
        '2,1,2,failed,0.01,,3,,,42,,,,1,,,boom\r\n',
    )
  })

  it('quotes commas, quotes and newlines per RFC 4180', () => {
    const trials = [
      makeTrial({ id: 1, params: { note: 'a,b', q: 'say "hi"', nl: 'x\ny', list: [1, 2] }, signal: 'SIGKILL', error: 'line1\r\nline2' }),
    ]
    expect(formatTrialsCsv(trials, 'acc')).toBe(
      'id,index,attempt,status,note,q,nl,list,acc,acc_best,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error\r\n' +
        '1,0,1,completed,"a,b","say ""hi""","x\ny","[1,2]",,,42,,,,,SIGKILL,,"line1\r\nline2"\r\n',
    )
  })

  it('prefixes a param whose name collides with a fixed column', () => {
    const out = formatTrialsCsv([makeTrial({ id: 1, params: { status: 'on', seed: 7 } })], null)
    expect(out.split('\r\n')[0]).toBe(
      'id,index,attempt,status,params.status,params.seed,metric,metric_best,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error',
    )
  })

  it('writes only the header for no trials', () => {
    expect(formatTrialsCsv([], 'loss')).toBe(
      'id,index,attempt,status,loss,loss_best,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error\r\n',
    )
  })

  it('keeps floats exact', () => {
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(csvField(1e-7)).toBe('1e-7')
  })
})

describe('formatTrialsJson', () => {
  it('prints the trials with params nested', () => {
    const out = formatTrialsJson([makeTrial({ id: 1, params: { opt: { lr: 0.1 } }, finalValue: 0.5 })])
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ id: 1, params: { opt: { lr: 0.1 } }, finalValue: 0.5 })])
    expect(out).toContain('\n    "params": {\n      "opt": {\n        "lr": 0.1\n      }\n    },\n')
    expect(out.endsWith(']\n')).toBe(true)
  })
})
