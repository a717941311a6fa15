import { noopSweep, timeSweep, withBenchEngine } from './bench-workspace.ts'

/**
 * Engine overhead per trial: a no-op trainer on 2 persistent workers, so what is measured is the
 * scheduler, IPC and store (trial row written before start, metrics, end state), not training.
 */
export async function benchEngineOverhead(): Promise<Record<string, number>> {
  return withBenchEngine(2, async (engine) => {
    // Start the workers and let the JIT settle: start-up is paid once per engine, not per trial.
    await timeSweep(engine, noopSweep(2000, 2, 1))
    const out: Record<string, number> = {}
    for (const n of [1000, 10_000]) {
      const { ms } = await timeSweep(engine, noopSweep(n, 2, 1))
      out[`overhead_ms_per_trial_${n}`] = ms / n
    }
    out.overhead_10k_vs_1k = out.overhead_ms_per_trial_10000! / out.overhead_ms_per_trial_1000!
    return out
  })
}
