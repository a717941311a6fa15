import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../shared/errors.ts'
import { checkTrialExecutable } from './check-trial-command.ts'
import { parseSweepSpec } from './config/parse-sweep-spec.ts'
import { checkSpecRunnable } from './sweep-plan.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-plan-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A folder on PATH with one executable `name` in it. */
function binDir(name: string): string {
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, name), '#!/bin/sh\n')
  chmodSync(join(bin, name), 0o755)
  return bin
}

/** What checkSpecRunnable says about a sweep file in `dir` (undefined: runnable). */
function problemOf(yaml: string): string | undefined {
  const file = join(dir, 'sweep.yaml')
  writeFileSync(file, yaml)
  try {
    checkSpecRunnable(parseSweepSpec(yaml, file), file, 0, 'sweep.yaml', { workspaceDir: dir })
    return undefined
  } catch (e) {
    if (!isSweeplabError(e)) throw e
    expect(e.code).toBe('spec/invalid')
    return e.message
  }
}

const PARAMS = 'parameters:\n  x: {values: [1]}\n'
const posix = process.platform === 'win32' ? it.skip : it

describe('checkSpecRunnable: cwd', () => {
  it('refuses a cwd that does not exist, naming the resolved path', () => {
    expect(problemOf(`method: grid\ntrainer: noop\ncwd: runs/here\n${PARAMS}`)).toBe(`sweep.yaml: cwd: ${join(dir, 'runs', 'here')} does not exist`)
  })

  it('refuses a cwd that is a file', () => {
    writeFileSync(join(dir, 'notes.txt'), '')
    expect(problemOf(`method: grid\ntrainer: noop\ncwd: notes.txt\n${PARAMS}`)).toBe(`sweep.yaml: cwd: ${join(dir, 'notes.txt')} is not a directory`)
  })

  it('accepts an existing folder, relative to the sweep file', () => {
    mkdirSync(join(dir, 'work'))
    expect(problemOf(`method: grid\ntrainer: noop\ncwd: work\n${PARAMS}`)).toBeUndefined()
  })
})

describe('checkSpecRunnable: the program a command trial starts', () => {
  posix('refuses a bare command name that is not on PATH', () => {
    const bin = binDir('other')
    expect(problemOf(`method: grid\ncommand: [no-such-binary, --x]\nenv: {PATH: ${bin}}\n${PARAMS}`)).toBe('sweep.yaml: command: "no-such-binary" not found on PATH')
  })

  posix("finds a bare name on the trial's PATH (the sweep's env first)", () => {
    const bin = binDir('trainer-x')
    expect(problemOf(`method: grid\ncommand: [trainer-x, '\${args}']\nenv: {PATH: ${bin}}\n${PARAMS}`)).toBeUndefined()
  })

  posix("checks the interpreter behind W&B's default ${env} ${interpreter} ${program}", () => {
    writeFileSync(join(dir, 'train.py'), '')
    const bin = binDir('node')
    expect(problemOf(`method: grid\nprogram: train.py\nenv: {PATH: ${bin}}\n${PARAMS}`)).toBe('sweep.yaml: command: "python3" not found on PATH')
    binDir('python3')
    expect(problemOf(`method: grid\nprogram: train.py\nenv: {PATH: ${bin}}\n${PARAMS}`)).toBeUndefined()
  })

  posix('checks a path relative to the cwd: it must exist and be executable', () => {
    mkdirSync(join(dir, 'work'))
    expect(problemOf(`method: grid\ncwd: work\ncommand: [./run.sh]\n${PARAMS}`)).toBe(`sweep.yaml: command: "./run.sh" not found (looked for ${join(dir, 'work', 'run.sh')})`)
    writeFileSync(join(dir, 'work', 'run.sh'), '#!/bin/sh\n')
    expect(problemOf(`method: grid\ncwd: work\ncommand: [./run.sh]\n${PARAMS}`)).toBe(`sweep.yaml: command: "./run.sh" is not executable (chmod +x ${join(dir, 'work', 'run.sh')})`)
    chmodSync(join(dir, 'work', 'run.sh'), 0o755)
    expect(problemOf(`method: grid\ncwd: work\ncommand: [./run.sh]\n${PARAMS}`)).toBeUndefined()
  })

  posix('looks past NAME=value settings after ${env}', () => {
    const bin = binDir('python3')
    expect(problemOf(`method: grid\ncommand: ['\${env}', 'A=1', missing-tool]\nenv: {PATH: ${bin}}\n${PARAMS}`)).toBe('sweep.yaml: command: "missing-tool" not found on PATH')
  })

  it('leaves built-in trainer sweeps alone', () => {
    expect(problemOf(`method: grid\ntrainer: noop\nenv: {PATH: ${join(dir, 'empty')}}\n${PARAMS}`)).toBeUndefined()
  })

  it('does not look bare names up on Windows (PATHEXT is the shell\'s business)', () => {
    const spec = parseSweepSpec(`method: grid\ncommand: [no-such-binary]\nenv: {PATH: ${join(dir, 'empty')}}\n${PARAMS}`)
    expect(() => checkTrialExecutable(spec, dir, 'sweep.yaml', 'win32')).not.toThrow()
    expect(() => checkTrialExecutable(spec, dir, 'sweep.yaml', 'linux')).toThrow(/not found on PATH/)
  })
})

describe('checkSpecRunnable: parameters of a built-in trainer', () => {
  const tabular = (params: string) => `method: random\ntrainer: tabular\ndataset: iris\nparameters:\n${params}`

  it('refuses a name the trainer does not know, listing the accepted names', () => {
    const msg = problemOf(tabular('  learnig_rate: {value: 0.01}\n  epochs: {value: 1}\n'))
    expect(msg).toMatch(/^sweep\.yaml: parameters: trainer "tabular" has no parameter "learnig_rate"; accepted: activation, backend, batch_size, .*learning_rate/)
  })

  it('refuses a literal outside the allowed values, naming them', () => {
    expect(problemOf(tabular('  optimizer: {values: [adam, rmsprop]}\n'))).toBe(
      'sweep.yaml: parameters: trainer "tabular": parameter "optimizer" must be one of sgd, adam, adamw, got "rmsprop"',
    )
    expect(problemOf(tabular('  momentum: {value: 2}\n'))).toMatch(/parameter "momentum" must be ≤ 1, got 2/)
  })

  it("checks a group's members and the derived values as the parameters a trial gets", () => {
    expect(problemOf(tabular('  opt: {group: [{optimizer: adam, momentum: 0.5}, {optimizer: sgd, momentum: 0.9}]}\nderived:\n  epochs: "2"\n'))).toBeUndefined()
    expect(problemOf(tabular('  opt: {group: [{optimizer: adam}, {optimizer: rmsprop}]}\n'))).toMatch(/parameter "optimizer" must be one of sgd, adam, adamw, got "rmsprop"/)
    expect(problemOf(tabular('  learning_rate: {value: 0.1}\nderived:\n  lr2: "learning_rate * 2"\n'))).toMatch(/has no parameter "lr2"/)
  })

  it('accepts valid names and values, and leaves distributions to the trainer', () => {
    expect(problemOf(tabular('  optimizer: {values: [sgd, adam]}\n  learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n  hidden: {values: [[32], [64, 64]]}\n'))).toBeUndefined()
  })
})

describe('checkSpecRunnable: resources.cpu', () => {
  it('refuses a trial that asks for more CPU slots than the engine has, naming both numbers', () => {
    const file = join(dir, 'sweep.yaml')
    writeFileSync(join(dir, 'train.py'), '')
    const spec = parseSweepSpec(`method: grid\nprogram: train.py\ncommand: ['${process.execPath}', '\${program}']\nresources: {cpu: 8}\n${PARAMS}`, file)
    let error: unknown
    try {
      checkSpecRunnable(spec, file, 0, 'sweep.yaml', { workspaceDir: dir }, 4)
    } catch (e) {
      error = e
    }
    expect(isSweeplabError(error) && error.code).toBe('spec/not-enough-cpus')
    expect((error as Error).message).toBe('sweep.yaml: resources.cpu: each trial asks for 8 CPU slots but the engine has 4 (one per CPU core); set resources.cpu to 4 or less')
    expect(() => checkSpecRunnable(spec, file, 0, 'sweep.yaml', { workspaceDir: dir }, 8)).not.toThrow()
  })
})
