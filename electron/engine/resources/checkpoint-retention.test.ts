import { describe, expect, it } from 'vitest'
import type { Artifact, TrialSummary } from '../../../shared/api/types.ts'
import { checkpointUnit, checkpointsOutsideBest, isCheckpoint, olderCheckpointUnits } from './checkpoint-retention.ts'

type T = Pick<TrialSummary, 'id' | 'status' | 'finalValue'>
const art = (id: number, trialId: number, name: string, kind = 'file', deletedAt: number | null = null): Artifact =>
  ({ id, trialId, kind, name, path: `/w/trials/1/${trialId}/${name}`, size: 1, createdAt: 0, deletedAt })

describe('which files are checkpoints', () => {
  it('knows weight formats, checkpoint names and numbered checkpoint folders', () => {
    expect(checkpointUnit('model.pt')).toBe('model.pt')
    expect(checkpointUnit('checkpoints/epoch-3.safetensors')).toBe('checkpoints/epoch-3.safetensors')
    expect(checkpointUnit('checkpoint-500/optimizer.bin')).toBe('checkpoint-500')
    expect(checkpointUnit('out/ckpt_3/weights.bin')).toBe('out/ckpt_3')
    expect(checkpointUnit('last.ckpt')).toBe('last.ckpt')
    expect(checkpointUnit('results.json')).toBeNull()
    expect(checkpointUnit('checkpoints/notes.txt')).toBeNull()
    expect(isCheckpoint(art(1, 1, 'model', 'weights'))).toBe(true)
    expect(isCheckpoint(art(1, 1, 'confusion_matrix.json', 'confusion-matrix'))).toBe(false)
  })
})

describe('keep.best', () => {
  const trials: T[] = [
    { id: 1, status: 'completed', finalValue: 0.5 },
    { id: 2, status: 'completed', finalValue: 0.1 },
    { id: 3, status: 'completed', finalValue: 0.3 },
    { id: 4, status: 'failed', finalValue: 0.01 },
    { id: 5, status: 'running', finalValue: 0.9 },
    { id: 6, status: 'completed', finalValue: null },
  ]
  const artifacts = [art(11, 1, 'model', 'weights'), art(12, 2, 'model', 'weights'), art(13, 3, 'model', 'weights'), art(14, 4, 'model', 'weights'),
    art(15, 5, 'model', 'weights'), art(16, 6, 'model.pt'), art(17, 1, 'confusion_matrix.json', 'confusion-matrix'), art(18, 1, 'old.pt', 'file', 99)]

  it('keeps the k best completed trials by the goal and deletes the other finished trials\' checkpoints only', () => {
    expect(checkpointsOutsideBest(trials, artifacts, 2, 'minimize').map((a) => a.id)).toEqual([11, 14, 16])
    expect(checkpointsOutsideBest(trials, artifacts, 2, 'maximize').map((a) => a.id)).toEqual([12, 14, 16])
    expect(checkpointsOutsideBest(trials, artifacts, 0, 'minimize').map((a) => a.id)).toEqual([11, 12, 13, 14, 16])
    expect(checkpointsOutsideBest(trials, artifacts, 10, 'minimize').map((a) => a.id)).toEqual([14, 16])
  })

  it('breaks ties by the lower trial id, as the sweep\'s best does', () => {
    const tied: T[] = [{ id: 7, status: 'completed', finalValue: 0.2 }, { id: 8, status: 'completed', finalValue: 0.2 }]
    expect(checkpointsOutsideBest(tied, [art(1, 7, 'a.pt'), art(2, 8, 'a.pt')], 1, 'minimize').map((a) => a.trialId)).toEqual([8])
  })
})

describe('keep.last', () => {
  it('keeps a trial\'s newest checkpoint, a numbered folder counting as one', () => {
    expect(olderCheckpointUnits([{ name: 'ckpt-1.pt', mtimeMs: 1 }, { name: 'ckpt-3.pt', mtimeMs: 3 }, { name: 'ckpt-2.pt', mtimeMs: 2 }, { name: 'log.txt', mtimeMs: 9 }])).toEqual(['ckpt-1.pt', 'ckpt-2.pt'])
    expect(olderCheckpointUnits([
      { name: 'checkpoint-100/model.bin', mtimeMs: 1 }, { name: 'checkpoint-100/optimizer.pt', mtimeMs: 2 },
      { name: 'checkpoint-200/model.bin', mtimeMs: 3 }, { name: 'checkpoint-200/optimizer.pt', mtimeMs: 4 },
    ])).toEqual(['checkpoint-100'])
    expect(olderCheckpointUnits([{ name: 'only.pt', mtimeMs: 1 }])).toEqual([])
  })
})
