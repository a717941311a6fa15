// Metric ingest into SQLite alone (no workers): a bare better-sqlite3 loop vs metrics.insertMany vs
// the write batcher. Run alone with `npx node bench/store-ingest.bench.ts`; `npm run bench` calls
// benchStoreIngest(). Each figure is the median of BENCH_REPS runs (default 3), each on a fresh file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { openStore } from '../electron/engine/store/open-store.ts'
import type { MetricPointRow, Store } from '../electron/engine/store/store-types.ts'
import { createWriteBatcher } from '../electron/engine/store/write-batcher.ts'

const POINTS = 1_000_000
const TRIALS = 100
const TX_ROWS = 5_000 // rows per transaction for (a) and per insertMany call for (b)
const MESSAGE_ROWS = 10 // rows per worker message for (c): trials report a few steps at a time
const REPS = Number(process.env.BENCH_REPS ?? 3)

/** Prepares its input untimed, then returns the timed part. */
type Variant = (store: Store, trialIds: number[], rows: readonly MetricPointRow[]) => () => void

/** 100 trials interleaved, as workers report them: trial = i % 100, step = i / 100. */
function makeRows(trialIds: number[]): MetricPointRow[] {
  const rows: MetricPointRow[] = new Array(POINTS)
  for (let i = 0; i < POINTS; i++) {
    const step = Math.floor(i / TRIALS)
    rows[i] = [trialIds[i % TRIALS] as number, 'loss', step, 1 / (step + 1) + Math.random() * 0.01, 1_700_000_000_000 + i]
  }
  return rows
}

const bare: Variant = (store, _ids, rows) => () => {
  const insert = store.db.prepare('INSERT INTO metrics (trial_id, name, step, value, wall_time) VALUES (?, ?, ?, ?, ?)')
  const tx = store.db.transaction((from: number) => {
    for (let i = from; i < from + TX_ROWS; i++) {
      const r = rows[i] as MetricPointRow
      insert.run(r[0], r[1], r[2], r[3], r[4])
    }
  })
  for (let i = 0; i < rows.length; i += TX_ROWS) tx(i)
}

const insertMany: Variant = (store, _ids, rows) => () => {
  for (let i = 0; i < rows.length; i += TX_ROWS) store.metrics.insertMany(rows.slice(i, i + TX_ROWS))
}

const batcher: Variant = (store, trialIds, rows) => {
  // Message k of trial t carries its steps [10k, 10k+10): rows i = (10k + j) * 100 + t.
  const messages: MetricPointRow[][] = []
  for (let k = 0; k < POINTS / TRIALS / MESSAGE_ROWS; k++) {
    for (let t = 0; t < trialIds.length; t++) {
      const message: MetricPointRow[] = []
      for (let j = 0; j < MESSAGE_ROWS; j++) message.push(rows[(k * MESSAGE_ROWS + j) * TRIALS + t] as MetricPointRow)
      messages.push(message)
    }
  }
  return () => {
    // With the sweep metric, as the engine runs it: final/best values are kept current per flush.
    const metric = { name: 'loss', goal: 'minimize' } as const
    const b = createWriteBatcher(store, { metricOf: () => metric })
    for (const m of messages) b.addMetrics(m)
    b.close()
  }
}

function runOnce(variant: Variant): { pointsPerS: number; openMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-bench-'))
  try {
    const file = join(dir, 'bench.db')
    const store = openStore(file)
    const sweepId = store.sweeps.insert({
      name: 'bench', description: null, method: 'random', specJson: '{}', specText: '', specFile: null, metricName: 'loss',
      metricGoal: 'minimize', seed: 1, total: TRIALS, workers: TRIALS, enginePid: null, createdAt: Date.now(),
    })
    const trialIds = Array.from({ length: TRIALS }, (_, i) => store.trials.insert({ sweepId, index: i, attempt: 1, params: {}, seed: i, createdAt: Date.now() }))
    const rows = makeRows(trialIds)
    const timed = variant(store, trialIds, rows)
    const t0 = performance.now()
    timed()
    const ms = performance.now() - t0
    const stored = store.metrics.count(trialIds[0] as number) * TRIALS
    store.close()
    if (stored !== POINTS) throw new Error(`bench stored ${stored} points, expected ${POINTS}`)
    const o0 = performance.now()
    openStore(file).close() // a clean reopen: quick_check runs only after an unclean stop (a WAL left behind)
    return { pointsPerS: (POINTS / ms) * 1000, openMs: performance.now() - o0 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

interface Runs { bare: number[]; insertMany: number[]; batcher: number[]; openMs: number[] }

function measure(): Runs {
  const runs: Runs = { bare: [], insertMany: [], batcher: [], openMs: [] }
  // Interleaved repetitions so that a slow patch of the (shared, virtual) disk hits all variants alike.
  for (let r = 0; r < REPS; r++) {
    runs.bare.push(runOnce(bare).pointsPerS)
    runs.insertMany.push(runOnce(insertMany).pointsPerS)
    const b = runOnce(batcher)
    runs.batcher.push(b.pointsPerS)
    runs.openMs.push(b.openMs)
  }
  return runs
}

function summarise(runs: Runs): Record<string, number> {
  const a = median(runs.bare)
  return {
    store_bare_points_per_s: a,
    store_insert_many_points_per_s: median(runs.insertMany),
    store_batcher_points_per_s: median(runs.batcher),
    store_insert_many_vs_bare: median(runs.insertMany) / a,
    store_batcher_vs_bare: median(runs.batcher) / a,
    store_open_ms_1m_points: median(runs.openMs),
  }
}

/** Points per second for the three ways in (medians), their ratios to the bare loop, and the reopen time. */
export async function benchStoreIngest(): Promise<Record<string, number>> {
  return summarise(measure())
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = measure()
  const results = summarise(runs)
  const width = Math.max(...Object.keys(results).map((k) => k.length))
  const fmt = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2))
  console.log(`store ingest: ${POINTS.toLocaleString('en-US')} points, ${TRIALS} trials, ${REPS} runs each`)
  console.log(`${'figure'.padEnd(width)}  ${'median'.padStart(9)}  ${'best'.padStart(9)}`)
  const best: Record<string, number> = {
    store_bare_points_per_s: Math.max(...runs.bare),
    store_insert_many_points_per_s: Math.max(...runs.insertMany),
    store_batcher_points_per_s: Math.max(...runs.batcher),
  }
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${fmt(v).padStart(9)}  ${(k in best ? fmt(best[k] as number) : '').padStart(9)}`)
}
