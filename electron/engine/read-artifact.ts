import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import type { Artifact, ArtifactContent } from '../../shared/api/types.ts'
import { SweeplabError } from '../../shared/errors.ts'

/** What readArtifact returns when the caller names no limit. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 1_048_576
/** Bytes looked at for NUL to tell a binary file from text (git and grep use the same test). */
const SNIFF_BYTES = 8192

/**
 * The start of a text artifact, up to `maxBytes`, decoded as UTF-8 (invalid bytes become U+FFFD;
 * a character cut by the limit is dropped whole). Throws `artifact/missing` when the file is gone,
 * `artifact/not-text` for a folder (a saved model) or a binary file.
 */
export function readArtifactText(artifact: Artifact, maxBytes = DEFAULT_ARTIFACT_MAX_BYTES): ArtifactContent {
  const label = `artifact ${artifact.id} (${artifact.name} of trial ${artifact.trialId})`
  if (artifact.kind === 'weights') throw notText(artifact, `${label} is a saved model, not text; export it with sweeplab export SWEEP --weights --trial ${artifact.trialId}`)
  assertInsideTrialFolder(artifact, label)
  let fd: number
  try {
    fd = openSync(artifact.path, 'r')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EISDIR') throw notText(artifact, `${label} is a folder (${artifact.path}), not a text file`)
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SweeplabError('artifact/missing', `${label} is no longer on disk: ${artifact.path} was moved or deleted`, { cause: e, details: { path: artifact.path } })
    }
    throw new SweeplabError('io/read-failed', `cannot read ${label} at ${artifact.path}: ${(e as Error).message}`, { cause: e, details: { path: artifact.path } })
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw notText(artifact, `${label} is a folder (${artifact.path}), not a text file`)
    const buf = Buffer.alloc(Math.min(maxBytes, stat.size))
    const read = readFully(fd, buf)
    const bytes = buf.subarray(0, read)
    if (bytes.subarray(0, SNIFF_BYTES).includes(0)) throw notText(artifact, `${label} is a binary file (${artifact.path}), not text`)
    const truncated = stat.size > read
    // Streaming mode holds back a trailing partial character instead of turning it into U+FFFD.
    const content = new TextDecoder('utf-8').decode(bytes, { stream: truncated })
    return { artifactId: artifact.id, content, truncated, size: stat.size }
  } finally {
    closeSync(fd)
  }
}

/**
 * An artifact is a file its trial left in its own folder: `path` is `<trial folder>/<name>`. A
 * symlink the trial planted there (or swapped in after the trial ended) must not turn readArtifact
 * into a reader of any file the engine can open, so the real path has to stay inside the real folder.
 */
function assertInsideTrialFolder(artifact: Artifact, label: string): void {
  const segments = artifact.name.split(/[/\\]/)
  const root = resolve(artifact.path, ...segments.map(() => '..'))
  const wellFormed = segments.every((seg) => seg !== '' && seg !== '.' && seg !== '..') && join(root, ...segments) === resolve(artifact.path)
  let real: string
  let realRoot: string
  try {
    real = realpathSync(artifact.path)
    realRoot = realpathSync(root)
  } catch {
    // Missing: the open below reports it as such (or it was never well formed: refused below).
    if (wellFormed) return
    real = ''
    realRoot = root
  }
  if (wellFormed && real.startsWith(realRoot + sep)) return
  throw new SweeplabError('io/read-failed', `refused to read ${label}: ${artifact.path} leads outside its trial folder (${root})`, {
    details: { path: artifact.path, reason: 'outside-trial-folder' },
  })
}

function readFully(fd: number, buf: Buffer): number {
  let off = 0
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, off)
    if (n === 0) break // the file shrank since fstat
    off += n
  }
  return off
}

function notText(artifact: Artifact, message: string): SweeplabError {
  return new SweeplabError('artifact/not-text', message, { details: { path: artifact.path, kind: artifact.kind } })
}
