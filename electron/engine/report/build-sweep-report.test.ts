import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PipelineReport } from '../data/prepared-types.ts'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { newSweep, useTempDir } from '../store/test-helpers.ts'
import { renderSweepReport } from './build-sweep-report.ts'
import { collectReportModel, describeParameters } from './report-model.ts'
import { buildReportBlocks } from './report-sections.ts'

const dir = useTempDir()
let store: Store
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
})
afterEach(() => store.close())

const SPEC = {
  method: 'grid',
  trainer: 'text-classifier',
  dataset: 'mail@2',
  metric: { name: 'val_loss', goal: 'minimize' },
  parameters: {
    lr: { distribution: 'log_uniform_values', min: 0.001, max: 0.1 },
    layers: { distribution: 'categorical', values: [1, 2] },
    opt: { parameters: { name: { distribution: 'constant', value: 'adam' } } },
  },
}

const PIPELINE: PipelineReport = {
  source: { name: 'mail', kind: 'registered', version: 2, path: '/ws/datasets/mail-v2.csv', format: 'csv', bytes: 1234, contentHash: 'ab'.repeat(32) },
  columns: ['text', 'label'],
  rows: { read: 100, kept: 90 },
  steps: [
    { step: 'pii', rowsChanged: 7, found: { EMAIL: 5, URL: 2, IP: 0, CARD: 1, PHONE: 0 } },
    { step: 'dedup', removed: 8, conflictingLabels: 1 },
    { step: 'min_length', removed: 2, minLength: 1 },
  ],
  nearDuplicateExamples: [],
  balance: { classes: [{ label: 'ham', count: 70, share: 70 / 90 }, { label: 'spam', count: 20, share: 20 / 90 }], ratio: 3.5, threshold: 3, skewed: true, majorityShare: 70 / 90, missing: 0 },
  splits: { train: 72, validation: 9, test: 9, folds: null },
  tokenizer: { type: 'word', vocabSize: 500, trainTokens: 4000, validationUnkRate: 0.05 },
  timingsMs: {},
}

/** A finished sweep of 4 trials (values 0.4, 0.1, 0.3, failed) with curves and a recorded environment. */
function fixture(): number {
  const sweepId = store.sweeps.insert(newSweep({ name: 'mail <sweep>', metricName: 'val_loss', specJson: JSON.stringify(SPEC), total: 4 }))
  const values = [0.4, 0.1, 0.3, null]
  values.forEach((v, i) => {
    const id = store.trials.insert({ sweepId, index: i, attempt: 1, params: { lr: 0.01 * (i + 1), layers: 1 + (i % 2), opt: { name: 'adam' } }, seed: i, createdAt: 1 })
    store.trials.markRunning(id, { workerId: 1, startedAt: 1_000 })
    store.trials.setBackend(id, 'wasm')
    if (v !== null) {
      store.metrics.insertMany([[id, 'val_loss', 0, v * 2, 1], [id, 'val_loss', 1, v, 2], [id, 'val_loss_std', 1, v / 10, 2]])
      store.trials.refreshMetricSummary(id, 'val_loss', 'minimize')
    }
    store.trials.finish(id, { status: v === null ? 'failed' : 'completed', endedAt: 3_500, durationMs: 2_500 })
  })
  store.sweeps.setStatus(sweepId, 'completed', { endedAt: 9_000 })
  store.provenance.insert({
    sweepId,
    dataset: { kind: 'registered', name: 'mail', version: 2, contentHash: 'ab'.repeat(32) },
    retrain: null,
    environment: { sweeplabVersion: '9.9.9', node: '24.0.0', os: 'linux 6 x64', capturedAt: 5_000, git: null },
  })
  return sweepId
}

function model(sweepId: number) {
  return collectReportModel({
    store,
    row: store.sweeps.get(sweepId)!,
    datasetReports: () => ({ pipeline: PIPELINE, imported: null, notes: [] }),
    now: Date.UTC(2026, 0, 2, 3, 4, 5),
  })
}

describe('the sweep report', () => {
  it('gathers the best configs with their spread, curves, history, backends and the recorded environment', () => {
    const m = model(fixture())
    expect(m.best.map((b) => [b.rank, b.value, b.std])).toEqual([[1, 0.1, 0.01], [2, 0.3, 0.03], [3, 0.4, 0.04]])
    expect(m.best[0]!.params).toEqual([['lr', '0.02'], ['layers', '2'], ['opt.name', 'adam']])
    expect(m.spreadMetric).toBe('val_loss_std')
    expect(m.curves.map((c) => [c.rank, c.steps, c.values])).toEqual([[1, [0, 1], [0.2, 0.1]], [2, [0, 1], [0.6, 0.3]], [3, [0, 1], [0.8, 0.4]]])
    expect(m.history.map((h) => [h.index, h.value])).toEqual([[0, 0.4], [1, 0.1], [2, 0.3]])
    expect(m.environment).toMatchObject({ sweeplabVersion: '9.9.9', node: '24.0.0', backends: [{ backend: 'wasm', trials: 4 }], git: null, isCommand: false })
    expect(m.data).toMatchObject({ ref: 'mail@2', pipeline: PIPELINE })
  })

  it('lays out every section in order with the counts of the data pipeline', () => {
    const blocks = buildReportBlocks(model(fixture()))
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text)
    expect(headings).toEqual(['Sweep report: mail <sweep>', 'Data pipeline', 'Counts', 'Class balance', 'Search space', 'Best configs', 'Parameter importance', 'Plots', 'Environment'])
    const counts = blocks.find((b) => b.kind === 'table' && b.head[0] === 'step') as { rows: string[][] }
    expect(counts.rows).toEqual([
      ['read', '100', ''],
      ['PII anonymized', '', '7 rows changed: EMAIL 5, URL 2, IP 0, CARD 1, PHONE 0'],
      ['duplicates removed', '−8', '1 with a different label'],
      ['too short', '−2', 'under 1 characters'],
      ['kept', '90', ''],
    ])
    expect(blocks.some((b) => b.kind === 'note' && /Skewed: the largest class has 3\.5×/.test(b.text))).toBe(true)
    const best = blocks.find((b) => b.kind === 'table' && b.head[0] === 'rank') as { head: string[]; rows: string[][] }
    expect(best.head).toEqual(['rank', 'trial', 'val_loss', '± val_loss_std', 'best over steps', 'duration', 'backend', 'lr', 'layers', 'opt.name'])
    expect(best.rows[0]!.slice(2, 4)).toEqual(['0.1', '0.01'])
  })

  it('renders HTML with escaped text and inline SVG, and Markdown with data-URI images', () => {
    const m = model(fixture())
    const html = renderSweepReport(m, 'html')
    expect(html.fileName).toBe(`sweep-${m.sweep.id}-mail-sweep-report.html`)
    expect(html.content).toContain('<h1>Sweep report: mail &lt;sweep&gt;</h1>')
    expect(html.content).toContain('<svg viewBox=')
    expect(html.content).not.toContain('http')
    const md = renderSweepReport(m, 'md')
    expect(md.content).toMatch(/^# Sweep report: mail \\<sweep\\>\n/)
    expect(md.content).toContain('![val\\_loss over steps of the 3 best trial(s).](data:image/svg+xml;base64,')
    expect(md.content).toContain('| **Sweeplab** | 9.9.9 |')
  })

  it('says what is missing: no metric, no recorded environment, a dataset that cannot be read', () => {
    const sweepId = store.sweeps.insert(newSweep({ metricName: null, specJson: JSON.stringify({ ...SPEC, metric: undefined }) }))
    const m = collectReportModel({ store, row: store.sweeps.get(sweepId)!, datasetReports: () => ({ pipeline: null, imported: null, notes: ['The data pipeline could not be run for this report: gone'] }) })
    expect(m.environment.sweeplabVersion).toBeNull()
    const text = renderSweepReport(m, 'md').content
    expect(text).toContain('none: trials are not ranked')
    expect(text).toContain('not recorded (sweep made before Sweeplab recorded it)')
    expect(text).toContain('> **Note:** The data pipeline could not be run for this report: gone')
    expect(text).not.toContain('## Best configs')
  })

  it('describes each parameter of the search space', () => {
    expect(describeParameters(SPEC as never)).toEqual([
      { name: 'lr', distribution: 'log_uniform_values', values: '0.001 … 0.1' },
      { name: 'layers', distribution: 'categorical', values: '1, 2' },
      { name: 'opt.name', distribution: 'constant', values: 'adam' },
    ])
  })
})
