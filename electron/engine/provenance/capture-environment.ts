import { arch, platform, release } from 'node:os'
import type { SweepEnvironment } from '../../../shared/sweep-provenance.ts'
import { readAppVersion } from '../environment.ts'
import { captureGitState } from './capture-git.ts'

/**
 * What a sweep report's environment section needs, captured when the sweep is created: later the
 * program folder may have moved on. `programFolder` is set for command sweeps only.
 */
export async function captureSweepEnvironment(programFolder: string | null, opts: { now?: number; git?: string } = {}): Promise<SweepEnvironment> {
  return {
    sweeplabVersion: readAppVersion(),
    node: process.versions.node,
    os: `${platform()} ${release()} ${arch()}`,
    capturedAt: opts.now ?? Date.now(),
    git: programFolder === null ? null : await captureGitState(programFolder, opts.git ? { git: opts.git } : {}),
  }
}
