import { readWeightFiles } from '../../train/weights-io.ts'
import type { BuiltinJob } from '../protocol.ts'
import { prepareTrainerRuns } from '../builtin/prepare-runs.ts'
import { effectiveParams, type DataTrainerName } from '../builtin/trainer-runs.ts'
import type { Trainer, TrainerResult } from '../trainers.ts'
import { base64ToBytes, packValue } from './pack.ts'
import type { PageRunMessage } from './page-protocol.ts'
import { PageGoneError, type PageLink } from './page-link.ts'
import { packRuns } from './page-runs.ts'

async function packBase(dir: string): Promise<NonNullable<PageRunMessage['base']>> {
  const files = await readWeightFiles(dir)
  return { modelJson: files.modelJson, weights: files.weights.map((w) => packValue(w)) }
}

/**
 * A data trainer whose training runs in a browser GPU worker's page. This side (a Node worker
 * process) does what needs the file system: reads, cleans and tokenizes the dataset, loads a
 * finetune base, and writes the page's outputs to the trial folder. Metric records and logs go
 * through the trial's own context, so they are parsed, batched and stored as any trial's are.
 * Cancel (and a non-finite metric) asks the page to stop between steps.
 */
export function createPageTrainer(name: DataTrainerName, job: BuiltinJob, trialId: number, link: PageLink): Trainer {
  return async (ctx) => {
    const prepared = prepareTrainerRuns(name, job, (line) => ctx.log('system', line))
    const params = effectiveParams(ctx.params, job)
    const { runs, folds } = packRuns(prepared)
    const base = name === 'finetune' && job.initFromDir ? await packBase(job.initFromDir) : undefined
    if (ctx.signal.aborted) return { backend: 'none', backendNote: 'stopped before the page started training' }

    return new Promise<TrainerResult>((resolve, reject) => {
      let writes: Promise<void> = Promise.resolve()
      let problem: Error | null = null
      let settled = false
      const stopPage = () => link.send({ type: 'cancel', trialId })
      const fail = (e: Error) => {
        problem ??= e
        stopPage()
      }
      ctx.signal.addEventListener('abort', stopPage, { once: true })
      const finish = (outcome: () => TrainerResult) => {
        settled = true
        ctx.signal.removeEventListener('abort', stopPage)
        // Files the page sent are on disk before the trial's end (and its artifact list) is reported.
        void writes.then(() => {
          if (problem) return reject(problem)
          try {
            resolve(outcome())
          } catch (e) {
            reject(e as Error)
          }
        })
      }

      link.onMessage((m) => {
        if (settled || m.trialId !== trialId) return
        switch (m.type) {
          case 'report':
            try {
              for (const r of m.records) ctx.report(r)
            } catch (e) {
              fail(e as Error)
            }
            return
          case 'log':
            for (const [stream, , line] of m.rows) ctx.log(stream, line)
            return
          case 'file': {
            const data = m.text ?? (m.base64 !== undefined ? base64ToBytes(m.base64) : '')
            writes = writes.then(() => ctx.files.write(m.path, data)).catch((e: Error) => fail(new Error(`could not write ${m.path} from the page: ${e.message}`)))
            return
          }
          case 'finished':
            if (m.tensorsAfterEpoch.length) ctx.log('system', `live tensors in the page after each epoch: ${m.tensorsAfterEpoch.join(', ')}`)
            finish(() => {
              if (!m.ok) {
                const e = new Error((m.error ?? 'the page failed the trial').split('\n')[0])
                e.stack = m.error ?? e.message
                throw e
              }
              return { backend: m.backend ?? 'unknown', ...(m.backendNote ? { backendNote: m.backendNote } : {}) }
            })
            return
        }
      })
      link.onGone((reason) => {
        if (settled) return
        finish(() => {
          throw new PageGoneError(`the browser page training the trial ${reason}`)
        })
      })
      link.send({ type: 'run', trialId, trainer: name, params, seed: ctx.seed, runs, folds, ...(base ? { base } : {}) })
    })
  }
}
