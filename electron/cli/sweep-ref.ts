import type { SweeplabApi } from '../../shared/api/contract.ts'
import { SweeplabError } from '../../shared/errors.ts'

/**
 * A SWEEP argument: a positive integer is an id; anything else must be the name of exactly one
 * sweep (an ambiguous name is a usage error that lists the candidate ids).
 */
export async function resolveSweepId(api: Pick<SweeplabApi, 'listSweeps'>, ref: string): Promise<number> {
  if (/^[1-9]\d*$/.test(ref)) return Number(ref)
  const matches = (await api.listSweeps({})).filter((s) => s.name === ref)
  const [only, ...others] = matches
  if (only && others.length === 0) return only.id
  if (!only) throw new SweeplabError('sweep/not-found', `no sweep with id or name "${ref}" (see sweeplab ls)`)
  const ids = matches.map((s) => s.id).join(', ')
  throw new SweeplabError('usage', `${matches.length} sweeps are named "${ref}" (ids ${ids}); give the id instead`)
}
