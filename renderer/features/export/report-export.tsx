import { useState } from 'react'
import type { ReportFormat } from '../../../shared/sweep-provenance.ts'
import { useSweepReport } from '../../data/retrain-queries.ts'
import { ExportOutput } from './export-output.tsx'
import { useCliCommand } from './use-cli-command.ts'

const REPORT_FORMATS: ReadonlyArray<[ReportFormat, string]> = [['html', 'HTML'], ['md', 'Markdown']]
const REPORT_MIME: Record<ReportFormat, string> = { html: 'text/html;charset=utf-8', md: 'text/markdown;charset=utf-8' }

/**
 * The sweep report (data pipeline, search space, best configs, importance, plots, environment) as one
 * self-contained file: HTML with inline CSS and SVG, or Markdown with SVG data URIs. Built on request,
 * since it computes importance and reads the data pipeline's counts; the text is what `sweeplab report` writes.
 */
export function ReportExport({ sweepId }: { sweepId: number }) {
  const cli = useCliCommand()
  const [format, setFormat] = useState<ReportFormat>('html')
  const [requested, setRequested] = useState(false)
  const query = useSweepReport(sweepId, format, requested)
  return (
    <div className="export-part">
      <div className="export-controls">
        <label>
          Format{' '}
          <select aria-label="Report format" value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            {REPORT_FORMATS.map(([f, label]) => <option key={f} value={f}>{label}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => (requested ? void query.refetch() : setRequested(true))} disabled={query.isFetching}>
          {query.isFetching ? 'Building report…' : requested ? 'Rebuild report' : 'Build report'}
        </button>
      </div>
      {requested ? (
        <ExportOutput
          content={query.data?.content}
          loading={query.isFetching}
          error={query.error}
          onRetry={() => void query.refetch()}
          fileName={query.data?.fileName ?? `sweep-${sweepId}-report.${format}`}
          mime={REPORT_MIME[format]}
          cli={cli(`report ${sweepId} --format ${format} --out ${query.data?.fileName ?? `report.${format}`}`)}
        />
      ) : (
        <p className="muted export-note">A model-card style report: data pipeline counts, search space, best configs with their spread, parameter importance, plots and the environment. Save it as one file that opens offline.</p>
      )}
    </div>
  )
}
