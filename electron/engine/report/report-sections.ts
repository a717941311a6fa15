import { PII_KINDS } from '../../../shared/dataset-spec.ts'
import type { ReportBlock } from './report-blocks.ts'
import type { ReportData, ReportModel } from './report-model.ts'
import { barChartSvg, lineChartSvg, scatterSvg } from './svg-charts.ts'

const int = (n: number): string => n.toLocaleString('en-US')
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`

/** A metric value: 6 significant digits, exact integers as they are. */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–'
  if (Number.isInteger(v)) return String(v)
  return String(Number(v.toPrecision(6)))
}

function formatTime(ms: number | null): string {
  return ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
}

function formatDuration(ms: number | null): string {
  if (ms === null) return '–'
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
}

/** The report as blocks, in reading order: summary, retrain, data, search space, best configs, importance, plots, environment. */
export function buildReportBlocks(m: ReportModel): ReportBlock[] {
  return [
    ...summarySection(m),
    ...retrainSection(m),
    ...dataSection(m.data),
    ...searchSpaceSection(m),
    ...bestSection(m),
    ...importanceSection(m),
    ...plotsSection(m),
    ...environmentSection(m),
  ]
}

function summarySection(m: ReportModel): ReportBlock[] {
  const s = m.sweep
  const counts = Object.entries(s.counts).filter(([, c]) => (c ?? 0) > 0).map(([k, c]) => `${c} ${k}`).join(', ')
  const best = m.best[0]
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 1, text: `Sweep report: ${s.name}` },
    { kind: 'paragraph', text: `Sweep ${s.id}, generated ${formatTime(m.generatedAt)} by Sweeplab ${m.environment.reportVersion}.` },
  ]
  if (s.description) blocks.push({ kind: 'paragraph', text: s.description })
  blocks.push({
    kind: 'facts',
    items: [
      ['status', s.status + (s.error ? ` (${s.error})` : '')],
      ['search', `${s.method}, seed ${s.seed}`],
      ['trials', `${s.trials}${s.total !== null ? ` of ${s.total} planned` : ''}${counts ? `: ${counts}` : ''}`],
      ['metric', m.metric ? `${m.metric.name} (${m.metric.goal})` : 'none: trials are not ranked'],
      ['best', best && m.metric ? `${m.metric.name} = ${formatValue(best.value)} (trial ${best.trialId})` : '–'],
      ['dataset', m.data?.ref ?? 'none'],
      ['created', formatTime(s.createdAt)],
      ['ended', formatTime(s.endedAt)],
    ],
  })
  return blocks
}

function retrainSection(m: ReportModel): ReportBlock[] {
  const r = m.retrain
  if (r === null) return []
  const goal = r.metric.goal === 'minimize' ? 'lower is better' : 'higher is better'
  return [
    { kind: 'heading', level: 2, text: 'Retrain on new data' },
    {
      kind: 'paragraph',
      text: `The best ${r.rows.length} config(s) of sweep ${r.parentSweepId} (${r.parentName}${r.parentExists ? '' : ', since deleted'}), trained on ${r.oldDataset ?? 'its dataset'}, rerun on ${r.newDataset}. ${r.metric.name}: ${goal}.`,
    },
    {
      kind: 'table',
      head: ['rank', 'parent trial', `old ${r.metric.name}`, `new ${r.metric.name} (mean ± std)`, 'runs', 'change'],
      numeric: [true, true, true, true, true, true],
      rows: r.rows.map((row) => [
        String(row.rank),
        String(row.parentTrialId),
        formatValue(row.oldValue),
        row.newMean === null ? '–' : `${formatValue(row.newMean)}${row.newStd !== null ? ` ± ${formatValue(row.newStd)}` : ''}`,
        `${row.newValues.filter((v) => v !== null).length}/${row.newValues.length}`,
        row.delta === null ? '–' : `${row.delta > 0 ? '+' : ''}${formatValue(row.delta)}${row.improved === null ? '' : row.improved ? ' (better)' : ' (worse)'}`,
      ]),
    },
  ]
}

function dataSection(d: ReportData | null): ReportBlock[] {
  if (d === null) return []
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Data pipeline' }]
  const c = d.config
  if (c !== null) {
    const steps = [
      c.clean.normalize ? `normalize (NFKC ${c.clean.normalize.nfkc ? 'on' : 'off'}, lowercase ${c.clean.normalize.lowercase ? 'on' : 'off'}, punctuation ${c.clean.normalize.punctuation}, whitespace ${c.clean.normalize.whitespace})` : null,
      c.clean.pii ? `PII scrubbing (${c.clean.pii.join(', ')})` : null,
      c.clean.dedup ? 'exact dedup' : null,
      c.clean.nearDedup ? `near-dedup (Jaccard ≥ ${c.clean.nearDedup.threshold}, ${c.clean.nearDedup.shingle} ${c.clean.nearDedup.shingleSize}-grams)` : null,
      c.clean.minLength > 0 ? `min length ${c.clean.minLength}` : null,
    ].filter((s): s is string => s !== null)
    blocks.push({ kind: 'facts', items: [
      ['dataset', d.ref],
      ['cleaning', steps.length > 0 ? steps.join('; ') : 'none'],
      ['split', `validation ${c.split.validation}, test ${c.split.test}${c.split.stratify ? ', stratified' : ''}, seed ${c.seed}`],
      ['tokenizer', c.tokenizer ? `${c.tokenizer.type}${c.tokenizer.vocabSize ? ` (${c.tokenizer.vocabSize})` : ''}` : 'default for the data'],
    ] })
  }
  const p = d.pipeline
  if (p !== null) {
    const rows: string[][] = [['read', int(p.rows.read), '']]
    for (const s of p.steps) {
      if (s.step === 'normalize') rows.push(['normalize', '', `${int(s.changed)} rows changed`])
      else if (s.step === 'pii') rows.push(['PII anonymized', '', `${int(s.rowsChanged)} rows changed: ${PII_KINDS.map((k) => `${k} ${int(s.found[k] ?? 0)}`).join(', ')}`])
      else if (s.step === 'dedup') rows.push(['duplicates removed', `−${int(s.removed)}`, `${int(s.conflictingLabels)} with a different label`])
      else if (s.step === 'near_dedup') rows.push(['near-duplicates removed', `−${int(s.removed)}`, `threshold ${s.threshold}, ${int(s.candidatePairs)} pairs checked, ${int(s.crossLabel)} across labels`])
      else if (s.step === 'min_length') rows.push(['too short', `−${int(s.removed)}`, `under ${s.minLength} characters`])
      else rows.push(['missing label', `−${int(s.removed)}`, `column ${s.column}`])
    }
    rows.push(['kept', int(p.rows.kept), ''])
    blocks.push({ kind: 'heading', level: 3, text: 'Counts' }, { kind: 'table', head: ['step', 'rows', 'detail'], rows, numeric: [false, true, false] })
    const splitText = `train ${int(p.splits.train)}, validation ${int(p.splits.validation)}, test ${int(p.splits.test)}${p.splits.folds ? `; ${p.splits.folds.length} folds of ${p.splits.folds.map(int).join(', ')}` : ''}`
    blocks.push({ kind: 'facts', items: [
      ['source', `${p.source.path} (${p.source.format}, ${int(p.source.bytes)} bytes, sha256 ${p.source.contentHash.slice(0, 16)}…)`],
      ['splits', splitText],
      ...(p.tokenizer ? [['tokenizer', `${p.tokenizer.type}, ${int(p.tokenizer.vocabSize)} tokens, ${int(p.tokenizer.trainTokens)} training tokens, validation <unk> rate ${pct(p.tokenizer.validationUnkRate)}`] as [string, string]] : []),
    ] })
  } else if (d.imported !== null) {
    const r = d.imported
    blocks.push({ kind: 'heading', level: 3, text: 'Counts (import report, before cleaning)' }, { kind: 'facts', items: [
      ['rows', int(r.rows)],
      ['duplicates', `${int(r.duplicates)} (${int(r.conflictingLabels)} with a different label)`],
      ...(r.nearDuplicates ? [['near-duplicates', `${int(r.nearDuplicates.count)} at Jaccard ≥ ${r.nearDuplicates.threshold}`] as [string, string]] : []),
      ...(r.pii ? [['PII found', `${PII_KINDS.map((k) => `${k} ${int(r.pii!.found[k] ?? 0)}`).join(', ')} in ${int(r.pii.rows)} rows`] as [string, string]] : []),
    ] })
  }
  const balance = p?.balance ?? d.imported?.balance ?? null
  if (balance) {
    blocks.push(
      { kind: 'heading', level: 3, text: 'Class balance' },
      { kind: 'table', head: ['class', 'rows', 'share'], numeric: [false, true, true], rows: balance.classes.map((cl) => [cl.label, int(cl.count), pct(cl.share)]) },
      balance.skewed
        ? { kind: 'note', tone: 'warning', text: `Skewed: the largest class has ${balance.ratio.toFixed(1)}× the rows of the smallest (threshold ${balance.threshold}). Always guessing the majority scores ${pct(balance.majorityShare)} accuracy; watch macro F1.` }
        : { kind: 'paragraph', text: `Balanced within ${balance.threshold}:1 (largest/smallest ${balance.ratio.toFixed(2)}); majority baseline ${pct(balance.majorityShare)}.` },
    )
  }
  for (const note of d.notes) blocks.push({ kind: 'note', tone: 'warning', text: note })
  return blocks
}

function searchSpaceSection(m: ReportModel): ReportBlock[] {
  if (m.parameters.length === 0) return []
  return [
    { kind: 'heading', level: 2, text: 'Search space' },
    { kind: 'table', head: ['parameter', 'distribution', 'values'], rows: m.parameters.map((p) => [p.name, p.distribution, p.values]) },
  ]
}

function bestSection(m: ReportModel): ReportBlock[] {
  if (m.metric === null) return []
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Best configs' }]
  if (m.best.length === 0) return [...blocks, { kind: 'paragraph', text: `No completed trial has a value for ${m.metric.name} yet.` }]
  const names = [...new Set(m.best.flatMap((b) => b.params.map(([k]) => k)))]
  const spread = m.spreadMetric !== null
  blocks.push({
    kind: 'table',
    head: ['rank', 'trial', m.metric.name, ...(spread ? [`± ${m.spreadMetric}`] : []), 'best over steps', 'duration', 'backend', ...names],
    numeric: [true, true, true, ...(spread ? [true] : []), true, true, false, ...names.map(() => false)],
    rows: m.best.map((b) => {
      const params = new Map(b.params)
      return [String(b.rank), String(b.trialId), formatValue(b.value), ...(spread ? [formatValue(b.std)] : []), formatValue(b.bestValue), formatDuration(b.durationMs), b.backend ?? '–', ...names.map((n) => params.get(n) ?? '')]
    }),
  })
  blocks.push({ kind: 'paragraph', text: `Ranked by the last reported ${m.metric.name} of each completed trial (${m.metric.goal}); one row per distinct config.${spread ? ` The spread is the standard deviation over cross-validation folds (${m.spreadMetric}).` : ''}` })
  return blocks
}

function importanceSection(m: ReportModel): ReportBlock[] {
  const imp = m.importance
  if (imp === null) return []
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Parameter importance' }]
  if (!imp.ok) return [...blocks, { kind: 'paragraph', text: imp.message }]
  blocks.push({
    kind: 'figure',
    caption: `Share of the variance of ${imp.metric} explained by each parameter (fANOVA on a random forest of ${imp.trees} trees, ${imp.trials} trials); whiskers: 90% bootstrap interval over ${imp.resamples} resamples.`,
    svg: barChartSvg({ title: `Importance for ${imp.metric}`, valueLabel: 'share of explained variance', percent: true, bars: imp.params.map((p) => ({ label: p.name, value: p.importance, low: p.low, high: p.high })) }),
  })
  blocks.push({
    kind: 'table',
    head: ['rank', 'parameter', 'importance', '90% interval', 'correlation'],
    numeric: [true, false, true, true, true],
    rows: imp.params.map((p) => [String(p.rank), p.name, pct(p.importance), `${pct(p.low)} – ${pct(p.high)}`, p.correlation === null ? '–' : p.correlation.toFixed(2)]),
  })
  return blocks
}

function plotsSection(m: ReportModel): ReportBlock[] {
  if (m.metric === null) return []
  const metric = m.metric
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Plots' }]
  if (m.curves.length > 0) {
    blocks.push({
      kind: 'figure',
      caption: `${metric.name} over steps of the ${m.curves.length} best trial(s).`,
      svg: lineChartSvg({
        title: `${metric.name} of the best trials`,
        xLabel: 'step',
        yLabel: metric.name,
        series: m.curves.map((c) => ({ name: `#${c.rank} trial ${c.trialId}`, points: c.steps.map((s, i) => [s, c.values[i] ?? null] as const) })),
      }),
    })
  }
  blocks.push({
    kind: 'figure',
    caption: `Final ${metric.name} of every completed trial in the order the search produced them, with the best so far.`,
    svg: scatterSvg({ title: `${metric.name} by trial`, xLabel: 'trial (search index)', yLabel: metric.name, points: m.history.map((h) => [h.index, h.value] as const), bestLine: metric.goal }),
  })
  return blocks
}

function environmentSection(m: ReportModel): ReportBlock[] {
  const e = m.environment
  const recorded = e.capturedAt !== null
  const items: Array<[string, string]> = [
    ['Sweeplab', recorded ? `${e.sweeplabVersion}` : `not recorded (sweep made before Sweeplab recorded it); this report: ${e.reportVersion}`],
    ['Node', e.node ?? 'not recorded'],
    ['OS', e.os ?? 'not recorded'],
    ['backends that ran', e.backends.length > 0 ? e.backends.map((b) => `${b.backend} (${b.trials} trial${b.trials === 1 ? '' : 's'})`).join(', ') : 'no trial has run'],
  ]
  if (e.isCommand) items.push(['program folder', e.git ? `${e.git.folder}: ${e.git.detail}` : 'not recorded'])
  if (recorded) items.push(['captured', `${formatTime(e.capturedAt)}, when the sweep was created`])
  return [{ kind: 'heading', level: 2, text: 'Environment' }, { kind: 'facts', items }]
}
