import { withBenchEngine } from './bench-workspace.ts'
import type { Engine } from '../electron/engine/engine-types.ts'

/**
 * Early termination on a real built-in trainer sweep (issue 6 §2): the same 32 random trials of a
 * bag-of-words spam classifier (same seed, so the same params and trial seeds), without stopping and with
 * each early_terminate type. Figures: the best val_loss any trial reached, and the epochs spent (the
 * val_loss reports of all trials: one per epoch). Target: hyperband or ASHA within 1% of the
 * no-stopping best with at most a third of its epochs.
 */
const TRIALS = 32
const EPOCHS = 30

function sweepText(earlyTerminate: string | null): string {
  return [
    'method: random', 'trainer: text-classifier', 'seed: 11', `run_cap: ${TRIALS}`, 'workers: 2',
    'dataset: {name: spam, tokenizer: {type: word, vocab_size: 2000}}',
    'metric: {name: val_loss, goal: minimize}',
    ...(earlyTerminate ? [`early_terminate: ${earlyTerminate}`] : []),
    'parameters:',
    '  learning_rate: {distribution: log_uniform_values, min: 0.00001, max: 0.01}',
    '  embedding: {values: [16, 64]}',
    '  batch_size: {values: [32, 128]}',
    `  epochs: {value: ${EPOCHS}}`,
  ].join('\n')
}

export const EARLY_TERMINATE_VARIANTS: ReadonlyArray<[string, string | null]> = [
  ['none', null],
  ['hyperband', '{type: hyperband, min_iter: 2, eta: 3}'],
  ['asha', '{type: asha, min_iter: 2, eta: 3}'],
  ['median', '{type: median, warmup_steps: 2, min_trials: 3}'],
]

async function runVariant(engine: Engine, earlyTerminate: string | null): Promise<{ best: number; epochs: number; late: number; pruned: number; seconds: number }> {
  const t0 = performance.now()
  const { sweepId } = await engine.createSweep({ text: sweepText(earlyTerminate) })
  const summary = await engine.waitForSweep(sweepId)
  const seconds = (performance.now() - t0) / 1000
  if (summary.status !== 'completed') throw new Error(`early-terminate bench sweep ended ${summary.status}: ${summary.error ?? ''}`)
  const trials = await engine.getTrials({ sweepId })
  const series = await engine.getMetricSeries({ trialIds: trials.map((t) => t.id), metric: 'val_loss', maxPoints: 100_000 })
  const epochs = series.reduce((n, s) => n + s.totalPoints, 0)
  const best = Math.min(...trials.flatMap((t) => (t.bestValue === null ? [] : [t.bestValue])))
  // Epochs a pruned trial trained after the report it was judged on: the cost of stopping between epochs.
  let late = 0
  trials.forEach((t, i) => {
    if (t.status !== 'pruned' || t.prunedAtStep === null) return
    late += series[i]!.totalPoints - (series[i]!.steps.indexOf(t.prunedAtStep) + 1)
  })
  return { best, epochs, late, pruned: trials.filter((t) => t.status === 'pruned').length, seconds }
}

export async function benchEarlyTerminate(): Promise<Record<string, number>> {
  return withBenchEngine(2, async (engine) => {
    const out: Record<string, number> = {}
    const rows: string[] = []
    let base: { best: number; epochs: number } | null = null
    let met = false
    for (const [name, et] of EARLY_TERMINATE_VARIANTS) {
      const r = await runVariant(engine, et)
      base ??= r
      const gap = (r.best - base.best) / Math.abs(base.best)
      const frac = r.epochs / base.epochs
      out[`et_${name}_best_val_loss`] = r.best
      out[`et_${name}_epochs`] = r.epochs
      if (et) {
        out[`et_${name}_best_gap_pct`] = gap * 100
        out[`et_${name}_epochs_frac`] = frac
        out[`et_${name}_epochs_after_prune`] = r.late
        if ((name === 'hyperband' || name === 'asha') && gap <= 0.01 && frac <= 1 / 3) met = true
      }
      rows.push(`${name.padEnd(10)} best val_loss ${r.best.toFixed(4)}  epochs ${String(r.epochs).padStart(4)}  pruned ${String(r.pruned).padStart(2)}/${TRIALS} (${r.late} epochs after the judged one)  ${r.seconds.toFixed(1)} s`)
    }
    process.stderr.write(`early termination (${TRIALS} trials × ${EPOCHS} epochs, text classifier on spam):\n  ${rows.join('\n  ')}\n`)
    process.stderr.write(`target (hyperband or asha: best within 1%, ≤ 1/3 of the epochs): ${met ? 'met' : 'NOT met'}\n`)
    out.et_target_met = met ? 1 : 0
    return out
  })
}
