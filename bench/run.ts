// `npm run bench`: runs every suite, prints one table, and saves the figures under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import Table from 'cli-table3'
import { benchEngineOverhead } from './engine-overhead.bench.ts'
import { benchMetricIngest } from './metric-ingest.bench.ts'
import { benchStoreIngest } from './store-ingest.bench.ts'
import { benchTrainW1 } from './train-w1.bench.ts'
import { benchTrainW2 } from './train-w2.bench.ts'
import { benchTrainW3 } from './train-w3.bench.ts'
import { benchUiLiveLatency } from './ui-live-latency.bench.ts'
import { benchUiOpenDetail } from './ui-open-detail.bench.ts'
import { benchWorkerScaling } from './worker-scaling.bench.ts'

interface Target { key: string; check: (v: number, all: Record<string, number>) => boolean; text: string }

const targets: Target[] = [
  { key: 'overhead_ms_per_trial_1000', check: (v) => v < 0.5, text: '< 0.5 ms' },
  { key: 'overhead_ms_per_trial_10000', check: (v) => v < 0.5, text: '< 0.5 ms' },
  { key: 'overhead_10k_vs_1k', check: (v) => v <= 1.2, text: '≤ 1.2× (10k no slower than 1k + 20%)' },
  { key: 'ingest_points_per_s_2_trials', check: (v) => v >= 200_000, text: '≥ 200,000/s' },
  { key: 'ingest_points_per_s_100_trials', check: (v) => v >= 100_000, text: '≥ 100,000/s' },
  { key: 'w1_ratio_pytorch_vs_best', check: (v) => v <= 3, text: '≤ 3× slower than PyTorch (1 thread)' },
  { key: 'w2_ratio_pytorch_vs_best', check: (v) => v <= 3, text: '≤ 3× slower than PyTorch (1 thread)' },
  { key: 'w3_ratio_pytorch_vs_best', check: (v) => v <= 3, text: '≤ 3× slower than PyTorch (1 thread)' },
  { key: 'sweep_speedup_2_vs_1', check: (v) => v >= 1.8, text: '≥ 1.8×' },
  { key: 'ui_open_overhead_pct_1000', check: (v) => v < 30, text: '< 30 % over bare Plotly' },
  { key: 'ui_open_overhead_pct_10000', check: (v) => v < 30, text: '< 30 % over bare Plotly' },
  { key: 'ui_live_trial_p95_ms', check: (v) => v < 1500, text: '< 1,500 ms (software GL)' },
  { key: 'ui_live_sweep_p95_ms', check: (v) => v < 1500, text: '< 1,500 ms (software GL)' },
  { key: 'search_bayes_wins_at_50_100', check: (v) => v === 6, text: '6 of 6 (bayes below random at 50 and 100 trials, 3 functions)' },
  { key: 'et_target_met', check: (v) => v === 1, text: 'hyperband or asha: best ≤ 1% off, ≤ 1/3 of the epochs' },
]

const suites: Array<[string, () => Promise<Record<string, number>>]> = [
  ['early termination (spam classifier: none, hyperband, asha, median)', async () => (await import('./early-terminate.bench.ts')).benchEarlyTerminate()],
  ['engine overhead', benchEngineOverhead],
  ['metric ingest (workers → SQLite)', benchMetricIngest],
  ['store ingest (SQLite only)', benchStoreIngest],
  ['training W1 (tabular MLP)', benchTrainW1],
  ['training W2 (char transformer LM)', benchTrainW2],
  ['training W3 (bag-of-words classifier)', benchTrainW3],
  ['sweep scaling (2 workers vs 1)', benchWorkerScaling],
  ['training in a browser GPU worker (Chromium page: webgpu, webgl, wasm, cpu)', async () => (await import('./browser-training.bench.ts')).benchBrowserTraining()],
  ['UI: open sweep detail (browser mode, Chromium)', benchUiOpenDetail],
  ['UI: live metric latency (browser mode, Chromium)', benchUiLiveLatency],
  ['search sample efficiency (random vs bayes)', async () => (await import('./search-efficiency.bench.ts')).benchSearchEfficiency()],
]

const only = process.argv.slice(2)
const results: Record<string, number> = {}
for (const [name, fn] of suites) {
  if (only.length && !only.some((o) => name.includes(o))) continue
  process.stderr.write(`running ${name}…\n`)
  Object.assign(results, await fn())
}
const bare = results.store_bare_points_per_s
if (bare && results.ingest_points_per_s_2_trials) results.ingest_2_trials_vs_bare = results.ingest_points_per_s_2_trials / bare
if (bare) targets.push({ key: 'ingest_2_trials_vs_bare', check: (v) => v >= 0.5, text: '≥ 0.5× bare insert' })

const fmt = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3))
const table = new Table({ head: ['figure', 'value', 'target', 'ok'] })
for (const [k, v] of Object.entries(results)) {
  const t = targets.find((x) => x.key === k)
  table.push([k, fmt(v), t?.text ?? '', t ? (t.check(v, results) ? 'yes' : 'NO') : ''])
}
console.log(table.toString())

const stamp = new Date().toISOString().replace(/[:.]/g, '-')
mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const machine = { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.versions.node }
writeFileSync(new URL(`./results/bench-${stamp}.json`, import.meta.url), JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2))
