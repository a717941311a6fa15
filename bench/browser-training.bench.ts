// The browser GPU worker's throughput (issue 4): W1 (MLP 64→128→128→10, batch 64, Adam 1e-3) and
// W3 (bag of words, vocab 5000, seq 128, emb 64) trained by the production trainers inside a
// headless Chromium page, per backend the page has: webgpu, webgl, wasm, cpu. Beside the Node
// figures of train-w1/train-w3 (w1_samples_per_s_wasm, …). No GPU here: webgl and webgpu run on
// SwiftShader, so their figures say what the code path costs, not what a GPU does.
//   node bench/browser-training.bench.ts [backend…]   (BROWSER_BENCH_W3_GPU=1 adds W3 on webgl/webgpu: minutes)
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createChromiumHost, DEFAULT_CHROMIUM } from '../electron/engine/workers/browser/chromium-host.ts'
import { openPageChannel } from '../electron/engine/workers/browser/page-channel.ts'
import { packValue } from '../electron/engine/workers/browser/pack.ts'
import type { FromPage, PageRunMessage } from '../electron/engine/workers/browser/page-protocol.ts'
import type { BrowserTrainingHost } from '../electron/engine/workers/browser/host.ts'
import { trainRng } from '../electron/engine/train/random.ts'

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const
type Backend = (typeof BACKENDS)[number]

/** Rows per epoch: enough for several seconds of steps per epoch, few enough for SwiftShader. */
const W1_ROWS: Record<Backend, number> = { webgpu: 1024, webgl: 4096, wasm: 65_536, cpu: 4096 }
const W3_ROWS: Record<Backend, number> = { webgpu: 1024, webgl: 512, wasm: 4096, cpu: 1024 }
const EPOCHS = 3

function w1Data(n: number) {
  const rng = trainRng(7, 0)
  const x = new Float32Array(n * 64).map(() => rng.next() * 2 - 1)
  const y = new Int32Array(n).map(() => rng.nextUint32() % 10)
  return { task: 'classification', numFeatures: 64, featureNames: [], classNames: Array.from({ length: 10 }, (_, i) => `c${i}`), train: { n, x, y } }
}

function w3Data(n: number) {
  const rng = trainRng(5, 0)
  const ids = new Int32Array(n * 128)
  const labels = new Int32Array(n)
  for (let r = 0; r < n; r++) {
    const len = 32 + (rng.nextUint32() % 97)
    for (let t = 0; t < len; t++) ids[r * 128 + t] = 1 + (rng.nextUint32() % 4999)
    labels[r] = rng.nextUint32() % 2
  }
  return { trainIds: ids, trainLabels: labels, seqLen: 128, vocabSize: 5000, padId: 0, labelNames: ['a', 'b'] }
}

interface PageRun {
  /** samples/s of each epoch (step time, as the trainers report it). */
  epochs: number[]
  note: string
}

/**
 * One trial in a fresh page, up to three tries: SwiftShader's WebGPU now and then refuses a mapped
 * staging buffer ("createBuffer failed … mappedAtCreation", a Chromium transient, more often when
 * the machine is busy). Null when every try failed: the figure is left out, the suite goes on.
 */
async function trainInPageRetrying(host: BrowserTrainingHost, msg: Omit<PageRunMessage, 'type' | 'trialId' | 'seed' | 'folds'>): Promise<PageRun | null> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await trainInPage(host, msg)
    } catch (e) {
      process.stderr.write(`  ${String(msg.params.backend)} (${msg.trainer}), try ${attempt} of 3: ${(e as Error).message.split('\n')[0]}\n`)
    }
  }
  return null
}

/** One trial in a fresh page; what each epoch reported (the first includes shader compiling and warm-up). */
async function trainInPage(host: BrowserTrainingHost, msg: Omit<PageRunMessage, 'type' | 'trialId' | 'seed' | 'folds'>): Promise<PageRun> {
  const page = await host.openPage()
  const epochs: number[] = []
  let done!: (m: Extract<FromPage, { type: 'finished' }>) => void
  const finished = new Promise<Extract<FromPage, { type: 'finished' }>>((r) => (done = r))
  const channel = await openPageChannel(page, (m) => {
    if (m.type === 'report') for (const r of m.records) if (typeof r.samples_per_s === 'number') epochs.push(r.samples_per_s)
    if (m.type === 'finished') done(m)
  })
  try {
    channel.send({ type: 'run', trialId: 1, seed: 1, folds: false, ...msg })
    const end = await Promise.race([finished, channel.gone.then((why) => Promise.reject(new Error(`the page ${why}`)))])
    if (!end.ok) throw new Error(end.error ?? 'the page failed the run')
    return { epochs, note: end.backendNote ?? '' }
  } finally {
    await channel.close()
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] ?? 0) : (s[m - 1]! + s[m]!) / 2
}
const steady = (r: PageRun) => median(r.epochs.length > 1 ? r.epochs.slice(1) : r.epochs)

/** The `npm run bench` entry: browser_w1_samples_per_s_<backend> (and browser_w3_… on wasm/cpu). */
export async function benchBrowserTraining(backends: readonly Backend[] = BACKENDS): Promise<Record<string, number>> {
  const chromium = process.env.SWEEPLAB_CHROMIUM ?? DEFAULT_CHROMIUM
  if (!existsSync(chromium)) {
    process.stderr.write(`browser training bench skipped: ${chromium} is missing\n`)
    return {}
  }
  const host = await createChromiumHost()
  const out: Record<string, number> = {}
  try {
    for (const backend of backends) {
      const w1 = await trainInPageRetrying(host, {
        trainer: 'tabular',
        params: { backend, epochs: EPOCHS, batch_size: 64, hidden: [128, 128], learning_rate: 1e-3, optimizer: 'adam' },
        runs: [packValue(w1Data(W1_ROWS[backend]))],
      })
      if (w1) {
        out[`browser_w1_samples_per_s_${backend}`] = steady(w1)
        process.stderr.write(`  W1 ${backend}: ${w1.epochs.map((v) => Math.round(v)).join(', ')} samples/s per epoch (${w1.note})\n`)
      }
      const gpu = backend === 'webgl' || backend === 'webgpu'
      if (gpu && process.env.BROWSER_BENCH_W3_GPU !== '1') continue
      const w3 = await trainInPageRetrying(host, {
        trainer: 'text-classifier',
        params: { backend, epochs: EPOCHS, batch_size: 64, arch: 'bow', embedding: 64, hidden: 64, learning_rate: 1e-3 },
        runs: [packValue(w3Data(W3_ROWS[backend]))],
      })
      if (w3) {
        out[`browser_w3_samples_per_s_${backend}`] = steady(w3)
        process.stderr.write(`  W3 ${backend}: ${w3.epochs.map((v) => Math.round(v)).join(', ')} samples/s per epoch\n`)
      }
    }
  } finally {
    await host.close()
  }
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const named = process.argv.slice(2).filter((b): b is Backend => (BACKENDS as readonly string[]).includes(b))
  console.log(await benchBrowserTraining(named.length ? named : BACKENDS))
}
