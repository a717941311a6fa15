import { dirname } from 'node:path'
import type { ReportFormat, SweepProvenance, SweepReport } from '../../../shared/sweep-provenance.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import type { DatasetImportReport } from '../../../shared/dataset-spec.ts'
import type { DatasetService } from '../data/dataset-service.ts'
import { prepareDataset } from '../data/pipeline.ts'
import type { PipelineReport } from '../data/prepared-types.ts'
import type { Store, SweepRow } from '../store/store-types.ts'
import { buildReportBlocks } from './report-sections.ts'
import { collectReportModel, type ReportModel } from './report-model.ts'
import { renderReportHtml } from './render-html.ts'
import { renderReportMarkdown } from './render-markdown.ts'

export interface BuildReportArgs {
  store: Pick<Store, 'trials' | 'metrics' | 'provenance' | 'sweeps'>
  datasets: Pick<DatasetService, 'getDataset'>
  row: SweepRow
  format: ReportFormat
  workspaceDir: string
  resourcesDir?: string
  now?: number
}

/**
 * The sweep report (issue 8 §7) as one self-contained file. The data pipeline's counts come from the
 * prepared-data cache the trials wrote (~10 ms); if it is gone the data is prepared again here
 * (seconds for a large set, on the caller's thread), and a dataset that cannot be read any more
 * becomes a note in the report instead of an error.
 */
export function buildSweepReport(args: BuildReportArgs): SweepReport {
  const model = collectReportModel({
    store: args.store,
    row: args.row,
    datasetReports: (spec, provenance) => datasetReports(args, spec, provenance),
    ...(args.now !== undefined ? { now: args.now } : {}),
  })
  return renderSweepReport(model, args.format)
}

export function renderSweepReport(model: ReportModel, format: ReportFormat): SweepReport {
  const blocks = buildReportBlocks(model)
  const content = format === 'html' ? renderReportHtml(`Sweep report: ${model.sweep.name}`, blocks) : renderReportMarkdown(blocks)
  return { content, fileName: `sweep-${model.sweep.id}-${slug(model.sweep.name)}-report.${format}` }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'sweep'
}

function datasetReports(args: BuildReportArgs, spec: SweepSpec, provenance: SweepProvenance | undefined): { pipeline: PipelineReport | null; imported: DatasetImportReport | null; notes: string[] } {
  const notes: string[] = []
  let pipeline: PipelineReport | null = null
  try {
    pipeline = prepareDataset(spec.dataset, {
      workspaceDir: args.workspaceDir,
      ...(args.resourcesDir ? { resourcesDir: args.resourcesDir } : {}),
      baseDir: args.row.specFile ? dirname(args.row.specFile) : process.cwd(),
      cv: spec.cv ?? null,
    }).report
  } catch (e) {
    notes.push(`The data pipeline could not be run for this report: ${(e as Error).message}`)
  }
  let imported: DatasetImportReport | null = null
  const d = provenance?.dataset
  if (pipeline === null && d?.kind === 'registered' && d.version !== null) {
    try {
      imported = args.datasets.getDataset({ name: d.name, version: d.version }).report
    } catch (e) {
      notes.push(`The dataset's import report could not be read: ${(e as Error).message}`)
    }
  }
  return { pipeline, imported, notes }
}
