import { useId, useState } from 'react'
import type { ExportBestFormat, ExportTrialsFormat } from '../../../shared/api/types.ts'
import { useSweep, useTrials } from '../../data/queries.ts'
import { useExportBest, useExportTrials, useExportWandb } from '../../data/trial-queries.ts'
import { formatMetric } from '../../ui/format.ts'
import { configFileName, EXPORT_MIME, trialsFileName, wandbFileName } from './export-file-name.ts'
import { ExportOutput } from './export-output.tsx'
import { ReportExport } from './report-export.tsx'
import { useCliCommand } from './use-cli-command.ts'
import './export.css'

const CONFIG_FORMATS: ReadonlyArray<[ExportBestFormat, string]> = [['yaml', 'YAML'], ['json', 'JSON'], ['args', 'Command-line args']]
const TRIALS_FORMATS: ReadonlyArray<[ExportTrialsFormat, string]> = [['csv', 'CSV'], ['json', 'JSON']]

/**
 * Export of a sweep: the config of its best trial (or of one of the selected trials) as YAML, JSON
 * or command-line args, its trials (all, or the selected ones) as CSV or JSON, the sweep file itself
 * for W&B (`sweeplab export SWEEP --format wandb`), or the sweep report (HTML or Markdown). The text
 * comes from the engine's exporters, so it is byte for byte what the CLI prints.
 */
export function ExportPanel({ sweepId, selectedTrialIds }: { sweepId: number; selectedTrialIds?: readonly number[] }) {
  const [what, setWhat] = useState<ExportKind>('config')
  const name = useId()
  return (
    <section className="export-panel" aria-label="Export">
      <div className="export-head">
        <h3>Export</h3>
        <div role="radiogroup" aria-label="What to export" className="segmented">
          {EXPORT_KINDS.map((w) => (
            <label key={w} className="segmented-option">
              <input type="radio" name={name} value={w} checked={what === w} onChange={() => setWhat(w)} />
              <span>{EXPORT_KIND_LABELS[w]}</span>
            </label>
          ))}
        </div>
      </div>
      {what === 'config' ? <ConfigExport sweepId={sweepId} selectedTrialIds={selectedTrialIds} />
        : what === 'trials' ? <TrialsExport sweepId={sweepId} selectedTrialIds={selectedTrialIds} />
          : what === 'wandb' ? <WandbExport sweepId={sweepId} />
            : <ReportExport sweepId={sweepId} />}
    </section>
  )
}

const EXPORT_KINDS = ['config', 'trials', 'wandb', 'report'] as const
type ExportKind = (typeof EXPORT_KINDS)[number]
const EXPORT_KIND_LABELS: Record<ExportKind, string> = { config: 'Config', trials: 'Trials', wandb: 'W&B sweep file', report: 'Report' }

/**
 * One trial's config, or the best trial's. With `trialId` the choice is fixed (the trial screen);
 * otherwise the user picks the best trial or one of `selectedTrialIds`.
 */
export function ConfigExport({ sweepId, selectedTrialIds = [], trialId }: { sweepId: number; selectedTrialIds?: readonly number[]; trialId?: number }) {
  const sweep = useSweep(sweepId)
  const trials = useTrials(sweepId)
  const cli = useCliCommand()
  const [format, setFormat] = useState<ExportBestFormat>('yaml')
  const [picked, setPicked] = useState<number | 'best'>('best')
  // A pick that left the selection falls back to the best trial rather than exporting a hidden one.
  const which = trialId ?? (picked !== 'best' && selectedTrialIds.includes(picked) ? picked : 'best')
  const indexOf = (id: number) => trials.data?.find((t) => t.id === id)?.index
  const s = sweep.data
  const revision = s ? `${s.bestTrialId}:${s.bestValue}` : null
  const query = useExportBest(which === 'best' ? { sweepId, format } : { sweepId, format, trialId: which }, revision)
  const exportedIndex = query.data ? indexOf(query.data.trialId) : undefined

  return (
    <div className="export-part">
      <div className="export-controls">
        {trialId === undefined && selectedTrialIds.length > 0 && (
          <label>
            Trial{' '}
            <select aria-label="Trial to export" value={String(which)} onChange={(e) => setPicked(e.target.value === 'best' ? 'best' : Number(e.target.value))}>
              <option value="best">Best trial</option>
              {selectedTrialIds.map((id) => (
                <option key={id} value={id}>Trial #{indexOf(id) ?? '?'} (id {id})</option>
              ))}
            </select>
          </label>
        )}
        <FormatSelect formats={CONFIG_FORMATS} value={format} onChange={setFormat} />
        {query.data && which === 'best' && (
          <span className="muted">
            from trial <a href={`#/trials/${query.data.trialId}`}>#{exportedIndex ?? '?'}</a> (id {query.data.trialId})
            {s?.metricName && s.bestValue !== null ? ` (${s.metricName} ${formatMetric(s.bestValue)})` : ''}
          </span>
        )}
      </div>
      <ExportOutput
        content={query.data?.content}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        fileName={configFileName(s?.name, sweepId, which === 'best' ? null : (indexOf(which) ?? which), format)}
        mime={EXPORT_MIME[format]}
        cli={cli(`export ${sweepId} --best${which === 'best' ? '' : ` --trial ${which}`} --format ${format}`)}
      />
      {format === 'args' && query.data && (
        <p className="muted export-note">Append to your training command, e.g. <code>python train.py {'<args>'}</code>; values are quoted for bash.</p>
      )}
    </div>
  )
}

/** Every trial of the sweep, or only the selected ones, as CSV or JSON. */
export function TrialsExport({ sweepId, selectedTrialIds = [] }: { sweepId: number; selectedTrialIds?: readonly number[] }) {
  const sweep = useSweep(sweepId)
  const cli = useCliCommand()
  const [format, setFormat] = useState<ExportTrialsFormat>('csv')
  const [scope, setScope] = useState<'selected' | 'all'>('selected')
  const name = useId()
  const subset = scope === 'selected' && selectedTrialIds.length > 0
  const s = sweep.data
  const revision = s ? `${s.done}:${JSON.stringify(s.counts)}` : null
  const query = useExportTrials(subset ? { sweepId, format, trialIds: selectedTrialIds } : { sweepId, format }, revision)

  return (
    <div className="export-part">
      <div className="export-controls">
        {selectedTrialIds.length > 0 && (
          <div role="radiogroup" aria-label="Which trials" className="segmented">
            <label className="segmented-option">
              <input type="radio" name={name} checked={subset} onChange={() => setScope('selected')} />
              <span>{selectedTrialIds.length} selected</span>
            </label>
            <label className="segmented-option">
              <input type="radio" name={name} checked={!subset} onChange={() => setScope('all')} />
              <span>All</span>
            </label>
          </div>
        )}
        <FormatSelect formats={TRIALS_FORMATS} value={format} onChange={setFormat} />
      </div>
      <ExportOutput
        content={query.data?.content}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        fileName={trialsFileName(s?.name, sweepId, subset, format)}
        mime={EXPORT_MIME[format]}
        cli={cli(`export ${sweepId} --trials${subset ? ` --trial ${selectedTrialIds.join(',')}` : ''} --format ${format}`)}
      />
    </div>
  )
}

/**
 * The sweep file as W&B runs it. Keys W&B cannot hold refuse the export (the engine's message lists
 * them with their lines) until "Leave them out" is ticked; then the file comes without them.
 */
export function WandbExport({ sweepId }: { sweepId: number }) {
  const sweep = useSweep(sweepId)
  const cli = useCliCommand()
  const [drop, setDrop] = useState(false)
  const query = useExportWandb(sweepId, drop)
  const s = sweep.data
  return (
    <div className="export-part">
      <div className="export-controls">
        <label>
          <input type="checkbox" checked={drop} onChange={(e) => setDrop(e.target.checked)} /> Leave out keys W&amp;B cannot hold
        </label>
      </div>
      <ExportOutput
        content={query.data?.content}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        fileName={wandbFileName(s?.name, sweepId)}
        mime={EXPORT_MIME.yaml}
        cli={cli(`export ${sweepId} --format wandb${drop ? ' --drop-unsupported' : ''}`)}
      />
      {query.data && query.data.dropped.length > 0 && (
        <div className="muted export-note" data-testid="wandb-dropped">
          Left out (W&amp;B cannot hold them):
          <ul>{query.data.dropped.map((d) => <li key={d}>{d}</li>)}</ul>
        </div>
      )}
      {query.data && query.data.omitted.length > 0 && <p className="muted export-note">Left out, Sweeplab&apos;s own run settings: {query.data.omitted.join(', ')}</p>}
    </div>
  )
}

function FormatSelect<F extends string>({ formats, value, onChange }: { formats: ReadonlyArray<[F, string]>; value: F; onChange: (f: F) => void }) {
  return (
    <label>
      Format{' '}
      <select aria-label="Export format" value={value} onChange={(e) => onChange(e.target.value as F)}>
        {formats.map(([f, label]) => <option key={f} value={f}>{label}</option>)}
      </select>
    </label>
  )
}
