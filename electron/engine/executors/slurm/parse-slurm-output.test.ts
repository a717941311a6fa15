import { describe, expect, it } from 'vitest'
import { isTerminalState, jobIdsOf, parseSacct, parseSbatchJobId, parseSinfoPartitions, parseSqueue } from './parse-slurm-output.ts'

describe('Slurm output parsers', () => {
  it('reads squeue -r lines: array tasks, pending reasons, finished jobs', () => {
    const text = ['1_0|COMPLETED|None|localhost', '1_2|PENDING|JobArrayTaskLimit|', '4|TIMEOUT|TimeLimit|node07', '5|CANCELLED|None|node01', ''].join('\n')
    expect(parseSqueue(text)).toEqual([
      { jobId: '1_0', state: 'COMPLETED', reason: null, node: 'localhost', exitCode: null },
      { jobId: '1_2', state: 'PENDING', reason: 'JobArrayTaskLimit', node: null, exitCode: null },
      { jobId: '4', state: 'TIMEOUT', reason: 'TimeLimit', node: 'node07', exitCode: null },
      { jobId: '5', state: 'CANCELLED', reason: null, node: 'node01', exitCode: null },
    ])
  })

  it('reads sacct -P lines, splitting "CANCELLED by 1000" into state and reason', () => {
    const text = ['812_3|CANCELLED by 1000|0:15|None|gpu12', '813|NODE_FAIL|1:0|None|gpu03', '814|PREEMPTED|0:15|None|gpu04', '815|COMPLETED|0:0|None|cpu1'].join('\n')
    expect(parseSacct(text)).toEqual([
      { jobId: '812_3', state: 'CANCELLED', reason: 'by 1000', node: 'gpu12', exitCode: '0:15' },
      { jobId: '813', state: 'NODE_FAIL', reason: null, node: 'gpu03', exitCode: '1:0' },
      { jobId: '814', state: 'PREEMPTED', reason: null, node: 'gpu04', exitCode: '0:15' },
      { jobId: '815', state: 'COMPLETED', reason: null, node: 'cpu1', exitCode: '0:0' },
    ])
  })

  it('reads sbatch --parsable (with and without a cluster name) and refuses anything else', () => {
    expect(parseSbatchJobId('1234\n')).toBe('1234')
    expect(parseSbatchJobId('1234;cluster-a\n')).toBe('1234')
    expect(parseSbatchJobId('sbatch: error: Batch job submission failed\n')).toBeNull()
  })

  it('merges sinfo lines of one partition', () => {
    expect(parseSinfoPartitions('debug|up|1|idle\ngpu|up|2|mixed\ngpu|down|1|drained\n')).toEqual([
      { name: 'debug', available: true, nodes: 1, states: ['idle'] },
      { name: 'gpu', available: true, nodes: 3, states: ['mixed', 'drained'] },
    ])
  })

  it('knows which states are final and names array tasks', () => {
    expect(['COMPLETED', 'TIMEOUT', 'CANCELLED', 'PREEMPTED', 'NODE_FAIL', 'OUT_OF_MEMORY'].every(isTerminalState)).toBe(true)
    expect(['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'SUSPENDED'].some(isTerminalState)).toBe(false)
    expect(jobIdsOf('77', 3, true)).toEqual(['77_0', '77_1', '77_2'])
    expect(jobIdsOf('78', 1, false)).toEqual(['78'])
  })
})
