import { timeSweep, withBenchEngine } from './bench-workspace.ts'

/**
 * Speed-up of a sweep with 2 workers over 1 on this machine: the same 8 tabular trials (iris, wasm,
 * real training), wall time with one worker divided by wall time with two. Data preparation is
 * warmed first so both runs read the prepared-data cache.
 */
function irisSweep(workers: number): string {
  return [
    'method: grid', 'trainer: tabular', 'dataset: iris', `workers: ${workers}`, 'seed: 1',
    'metric: {name: val_accuracy, goal: maximize}',
    'parameters:', '  learning_rate: {values: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008]}',
    '  epochs: {value: 600}', '  hidden: {value: [128, 128]}', '  batch_size: {value: 16}',
  ].join('\n')
}

export async function benchWorkerScaling(): Promise<Record<string, number>> {
  return withBenchEngine(2, async (engine) => {
    await timeSweep(engine, irisSweep(2).replace(/values: \[.*\]/, 'values: [0.01, 0.02]'))
    const one = await timeSweep(engine, irisSweep(1))
    const two = await timeSweep(engine, irisSweep(2))
    return { sweep_1_worker_s: one.ms / 1000, sweep_2_workers_s: two.ms / 1000, sweep_speedup_2_vs_1: one.ms / two.ms }
  })
}
