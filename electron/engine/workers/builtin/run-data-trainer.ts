import { backendNoteOf } from '../../train/backend-types.ts'
import { backendPinFromParams } from '../../train/hyperparams.ts'
import type { BuiltinJob } from '../protocol.ts'
import type { TrainerContext, TrainerResult } from '../trainers.ts'
import { prepareTrainerRuns } from './prepare-runs.ts'
import { effectiveParams, runTrainerRuns } from './trainer-runs.ts'

/**
 * A data trainer's trial in a Node worker: prepares the dataset (from the shared cache after the
 * first trial of a sweep), then runs the trainer once, or once per fold with `cv`.
 */
export async function runDataTrainer(name: string, ctx: TrainerContext, job: BuiltinJob): Promise<TrainerResult> {
  const prepared = prepareTrainerRuns(name, job, (line) => ctx.log('system', line))
  const params = effectiveParams(ctx.params, job)
  // Chosen here once so the trial records how, and why faster backends were not used.
  const choice = await ctx.selectBackend({ pin: backendPinFromParams(params) })
  return runTrainerRuns({ ...ctx, params }, prepared, backendNoteOf(choice))
}
