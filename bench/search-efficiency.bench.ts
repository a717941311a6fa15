// Sample efficiency of the search methods: the median (over SEEDS seeds) best value found after
// 20, 50 and 100 trials, random vs bayes (TPE), on Branin, Hartmann-6 and a noisy 8-D quadratic with
// mixed parameter types. The samplers run in this process with the objective as the "trial" (no
// worker processes): each trial finishes before the next is suggested, and for "bayes ×4" three
// trials are still running at each suggestion, as with 4 workers. Run alone with
// `npx node bench/search-efficiency.bench.ts`; `npm run bench` calls benchSearchEfficiency().
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parseSweepSpec } from '../electron/engine/config/parse-sweep-spec.ts'
import { createSampler } from '../electron/engine/search/create-sampler.ts'
import type { TrialRecord } from '../electron/engine/search/create-sampler.ts'
import { standardNormal } from '../electron/engine/search/distributions.ts'
import { createRng } from '../electron/engine/search/rng.ts'

const SEEDS = Number(process.env.BENCH_SEARCH_SEEDS ?? 20)
const CHECKPOINTS = [20, 50, 100] as const
const TRIALS = CHECKPOINTS[CHECKPOINTS.length - 1] as number
/** bayes4: bayes with 4 workers, each suggestion made while the 3 trials before it still run (constant liars). */
const METHODS = ['random', 'bayes', 'bayes4'] as const
const PARALLEL_WORKERS = 4
/** `BENCH_BAYES='{gamma: 0.1}'` tries other TPE options (a YAML mapping, as in a sweep file). */
const BAYES_OPTIONS = process.env.BENCH_BAYES
/** Noise of the quadratic's observed value; the table reports its noise-free value at the points tried. */
const QUADRATIC_NOISE_SD = 0.1

interface Problem {
  key: string
  label: string
  optimum: number
  parameters: string
  /** The value the sweep sees, and the noise-free value the table reports. */
  evaluate(p: Record<string, unknown>, noise: number): { observed: number; exact: number }
}

function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2)
  const c = 5 / Math.PI
  const t = 1 / (8 * Math.PI)
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10
}

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2]
const H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
const H6_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]

function hartmann6(x: ReadonlyArray<number>): number {
  let sum = 0
  for (let i = 0; i < 4; i++) {
    let inner = 0
    for (let j = 0; j < 6; j++) inner += H6_A[i]![j]! * (x[j]! - H6_P[i]![j]!) ** 2
    sum += H6_ALPHA[i]! * Math.exp(-inner)
  }
  return -sum
}

const OPTIMIZER_PENALTY: Record<string, number> = { sgd: 0.6, momentum: 0.3, adam: 0, rmsprop: 0.15 }

/** Each term is 0 at the optimum and about 1 at the far end of its range. */
function quadratic(p: Record<string, unknown>): number {
  const n = (k: string): number => p[k] as number
  const opt = p.optimizer as { name: string; weight_decay: number }
  return ((n('x1') - 1.5) / 5) ** 2 + ((n('x2') + 2) / 5) ** 2
    + ((Math.log10(n('lr')) + 2.5) / 2.5) ** 2 + ((Math.log10(opt.weight_decay) + 4) / 2.5) ** 2
    + ((n('layers') - 7) / 6) ** 2 + ((n('batch') - 128) / 256) ** 2 + ((n('dropout') - 0.3) / 0.5) ** 2
    + (OPTIMIZER_PENALTY[opt.name] ?? 1)
}

const PROBLEMS: Problem[] = [
  {
    key: 'branin', label: 'Branin (2-D)', optimum: 0.397887,
    parameters: '  x1: {min: -5.0, max: 10.0}\n  x2: {min: 0.0, max: 15.0}\n',
    evaluate: (p) => {
      const v = branin(p.x1 as number, p.x2 as number)
      return { observed: v, exact: v }
    },
  },
  {
    key: 'hartmann6', label: 'Hartmann-6 (6-D)', optimum: -3.32237,
    parameters: [1, 2, 3, 4, 5, 6].map((i) => `  x${i}: {min: 0.0, max: 1.0}\n`).join(''),
    evaluate: (p) => {
      const v = hartmann6([1, 2, 3, 4, 5, 6].map((i) => p[`x${i}`] as number))
      return { observed: v, exact: v }
    },
  },
  {
    key: 'quadratic8', label: 'noisy quadratic (8-D, mixed types)', optimum: 0,
    parameters: `  x1: {distribution: uniform, min: -5.0, max: 5.0}
  x2: {distribution: uniform, min: -5.0, max: 5.0}
  lr: {distribution: log_uniform_values, min: 0.00001, max: 1.0}
  layers: {distribution: int_uniform, min: 1, max: 12}
  batch: {distribution: q_uniform, min: 16, max: 512, q: 16}
  dropout: {distribution: uniform, min: 0.0, max: 0.8}
  optimizer:
    parameters:
      name: {values: [sgd, momentum, adam, rmsprop]}
      weight_decay: {distribution: log_uniform_values, min: 0.000001, max: 0.1}
`,
    evaluate: (p, noise) => {
      const v = quadratic(p)
      return { observed: v + QUADRATIC_NOISE_SD * noise, exact: v }
    },
  },
]

/** The best exact value after each checkpoint for one (problem, method, seed). */
function runOne(problem: Problem, method: (typeof METHODS)[number], seed: number): number[] {
  const options = method !== 'random' && BAYES_OPTIONS ? `bayes: ${BAYES_OPTIONS}\n` : ''
  const spec = parseSweepSpec(`method: ${method === 'random' ? 'random' : 'bayes'}\ntrainer: noop\nrun_cap: ${TRIALS}\nmetric: {name: y, goal: minimize}\n${options}parameters:\n${problem.parameters}`)
  const running = method === 'bayes4' ? PARALLEL_WORKERS - 1 : 0
  const records: TrialRecord[] = []
  const observed: number[] = []
  const sampler = createSampler(spec, seed, () => records)
  // The noise is keyed by (seed, trial) alone, so every method sees the same noise sequence.
  const noise = createRng(seed, 1_000_000)
  const bests: number[] = []
  let best = Infinity
  for (let i = 0; i < TRIALS; i++) {
    // The trial suggested `running` steps ago finishes now; the later ones are still running.
    const done = i - running - 1
    if (done >= 0) records[done] = { ...records[done]!, status: 'completed', finalValue: observed[done]! }
    const { params } = sampler.sample(i)
    const { observed: y, exact } = problem.evaluate(params, standardNormal(noise))
    observed.push(y)
    records.push({ index: i, attempt: 1, status: running > 0 ? 'running' : 'completed', params, finalValue: running > 0 ? null : y })
    best = Math.min(best, exact)
    if ((CHECKPOINTS as ReadonlyArray<number>).includes(i + 1)) bests.push(best)
  }
  return bests
}

function median(xs: ReadonlyArray<number>): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

interface Row { problem: Problem; trials: number; random: number; bayes: number; bayes4: number }

function measure(): { rows: Row[]; seconds: Record<string, number> } {
  const rows: Row[] = []
  const seconds: Record<string, number> = { random: 0, bayes: 0, bayes4: 0 }
  for (const problem of PROBLEMS) {
    const perMethod: Record<string, number[][]> = {}
    for (const method of METHODS) {
      const t0 = performance.now()
      perMethod[method] = Array.from({ length: SEEDS }, (_, seed) => runOne(problem, method, seed))
      seconds[method] = (seconds[method] as number) + (performance.now() - t0) / 1000
    }
    CHECKPOINTS.forEach((trials, c) => {
      const at = (m: string): number => median(perMethod[m]!.map((b) => b[c] as number))
      rows.push({ problem, trials, random: at('random'), bayes: at('bayes'), bayes4: at('bayes4') })
    })
  }
  return { rows, seconds }
}

function summarise({ rows, seconds }: ReturnType<typeof measure>): Record<string, number> {
  const out: Record<string, number> = {}
  let wins = 0
  for (const r of rows) {
    out[`search_${r.problem.key}_random_${r.trials}`] = r.random
    out[`search_${r.problem.key}_bayes_${r.trials}`] = r.bayes
    out[`search_${r.problem.key}_bayes_4_workers_${r.trials}`] = r.bayes4
    if (r.trials >= 50 && r.bayes < r.random) wins++
  }
  // Target: bayes below random at 50 and 100 trials on every problem.
  out.search_bayes_wins_at_50_100 = wins
  out.search_bayes_ms_per_suggestion = (seconds.bayes as number) * 1000 / (SEEDS * TRIALS * PROBLEMS.length)
  return out
}

/** Median best values per (problem, method, checkpoint), the number of the 6 target cells bayes wins, and its cost. */
export async function benchSearchEfficiency(): Promise<Record<string, number>> {
  return summarise(measure())
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const measured = measure()
  console.log(`search efficiency: median over ${SEEDS} seeds of the best value after n trials (lower is better)`)
  console.log(`${'function'.padEnd(36)} ${'optimum'.padStart(9)} ${'n'.padStart(4)} ${'random'.padStart(10)} ${'bayes'.padStart(10)} ${'bayes ×4'.padStart(10)}  bayes better`)
  for (const r of measured.rows) {
    const better = r.bayes < r.random ? 'yes' : r.trials >= 50 ? 'NO' : 'no'
    console.log(`${r.problem.label.padEnd(36)} ${r.problem.optimum.toFixed(4).padStart(9)} ${String(r.trials).padStart(4)} ${r.random.toFixed(4).padStart(10)} ${r.bayes.toFixed(4).padStart(10)} ${r.bayes4.toFixed(4).padStart(10)}  ${better}`)
  }
  const s = summarise(measured)
  console.log(`target (bayes better at 50 and 100 trials on every function): ${s.search_bayes_wins_at_50_100}/6 ${s.search_bayes_wins_at_50_100 === 6 ? 'met' : 'NOT met'}`)
  console.log(`time: random ${measured.seconds.random!.toFixed(1)} s, bayes ${measured.seconds.bayes!.toFixed(1)} s (${s.search_bayes_ms_per_suggestion!.toFixed(2)} ms per suggestion), bayes ×4 ${measured.seconds.bayes4!.toFixed(1)} s`)
  console.log(`bayes ×4: ${PARALLEL_WORKERS} workers, each suggestion made while the ${PARALLEL_WORKERS - 1} trials before it still run`)
}
