import { Fragment, useState, type ReactNode } from 'react'
import type { Artifact, TrialSummary } from '../../../shared/api/types.ts'
import { useArtifacts } from '../../data/trial-queries.ts'
import { Badge } from '../../ui/badge.tsx'
import { CopyButton } from '../export/copy-button.tsx'
import { fileSlug } from '../export/export-file-name.ts'
import { useCliCommand } from '../export/use-cli-command.ts'
import { ParsedArtifact, TextArtifact } from './artifact-content.tsx'
import { parseConfusionMatrix } from './confusion-matrix.ts'
import { ConfusionMatrixView } from './confusion-matrix-view.tsx'
import { formatBytes } from './format-bytes.ts'
import { parseSamples } from './samples.ts'
import { SamplesView } from './samples-view.tsx'
import { shellQuote } from './shell-quote.ts'

/** Files readArtifact cannot show (it reads text); they get no View button. */
const BINARY_EXTENSIONS = /\.(bin|npy|npz|pt|pth|ckpt|h5|hdf5|pkl|pickle|onnx|safetensors|png|jpe?g|gif|webp|zip|gz|tgz|bz2|xz|zst|tar|parquet|arrow|sqlite|db)$/i

/** What the trial produced: a table of every artifact, then the ones Sweeplab knows how to show. */
export function ArtifactsPanel({ trial, sweepName }: { trial: TrialSummary; sweepName: string | undefined }) {
  const artifacts = useArtifacts(trial.id, trial.status)
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const cli = useCliCommand()

  if (artifacts.isPending) return <p className="muted" aria-busy="true">Loading artifacts…</p>
  if (artifacts.isError) {
    return (
      <div className="error-box" role="alert">
        Could not list the artifacts: {artifacts.error.message} <button type="button" onClick={() => void artifacts.refetch()}>Retry</button>
      </div>
    )
  }
  const list = artifacts.data
  if (list.length === 0) {
    return (
      <p className="muted">
        {trial.status === 'running' || trial.status === 'queued'
          ? 'Artifacts are collected when the trial ends.'
          : <>No artifacts. Built-in trainers save weights with <code>save: best</code> (or <code>last</code>) in the sweep file; a command trial can write files into the folder in <code>SWEEPLAB_TRIAL_DIR</code>.</>}
      </p>
    )
  }
  const toggle = (id: number) => setOpen((s) => {
    const next = new Set(s)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    return next
  })
  const weights = list.filter((a) => a.kind === 'weights' && a.deletedAt === null)
  const matrices = list.filter((a) => a.kind === 'confusion-matrix')
  const samples = list.filter((a) => a.kind === 'samples')
  const outDir = `./${fileSlug(sweepName, `sweep-${trial.sweepId}`)}-trial-${trial.index}-model`
  const weightsCommand = cli(`export ${trial.sweepId} --weights --trial ${trial.id} -o ${shellQuote(outDir)}`)

  return (
    <div className="artifacts">
      <table className="artifact-table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Path</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <Fragment key={a.id}>
              <tr className={a.deletedAt === null ? undefined : 'artifact-deleted'}>
                <td><Badge tone={a.kind === 'file' ? 'neutral' : 'info'}>{a.kind}</Badge></td>
                <td className="artifact-name">{a.name}</td>
                <td className="num">{formatBytes(a.size)}</td>
                <td className="artifact-path">
                  {a.deletedAt === null
                    ? <code title={a.path}>{a.path}</code>
                    : <span className="muted" title={`${a.path}, deleted ${new Date(a.deletedAt).toLocaleString()}`}>deleted by the sweep&apos;s <code>keep:</code> (not among the best checkpoints); the trial&apos;s metrics are kept</span>}
                </td>
                <td className="artifact-actions">
                  {a.deletedAt === null && <CopyButton text={a.path} label="Copy path" ariaLabel={`Copy the path of ${a.name}`} />}
                  {a.kind === 'file' && a.deletedAt === null && !BINARY_EXTENSIONS.test(a.name) && a.size > 0 && (
                    <button type="button" aria-expanded={open.has(a.id)} onClick={() => toggle(a.id)} aria-label={`${open.has(a.id) ? 'Hide' : 'View'} ${a.name}`}>
                      {open.has(a.id) ? 'Hide' : 'View'}
                    </button>
                  )}
                </td>
              </tr>
              {open.has(a.id) && (
                <tr className="artifact-open">
                  <td colSpan={5}><TextArtifact artifact={a} /></td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>

      {weights.length > 0 && (
        <section className="artifact-section" aria-label="Weights">
          <h4>Weights</h4>
          <p className="muted">Copy the saved model (TF.js <code>model.json</code> + weights{weights.length > 1 ? `, one folder per fold` : ''}) out of the workspace:</p>
          <div className="command-box">
            <code>{weightsCommand}</code>
            <CopyButton text={weightsCommand} label="Copy command" />
          </div>
        </section>
      )}
      {matrices.map((a, i) => (
        <ArtifactSection key={a.id} artifact={a} title={matrices.length > 1 ? `Confusion matrix · ${a.name.replace(/\/?confusion_matrix\.json$/, '') || 'trial'}` : 'Confusion matrix'} defaultOpen={i === 0}>
          <ParsedArtifact artifact={a} parse={parseConfusionMatrix} render={(cm) => <ConfusionMatrixView cm={cm} />} />
        </ArtifactSection>
      ))}
      {samples.map((a, i) => (
        <ArtifactSection key={a.id} artifact={a} title={samples.length > 1 ? `Samples · ${a.name}` : 'Samples'} defaultOpen={i === 0}>
          <ParsedArtifact artifact={a} parse={parseSamples} render={(f) => <SamplesView file={f} />} />
        </ArtifactSection>
      ))}
    </div>
  )
}

/** A collapsible block; closed ones do not read their file. */
function ArtifactSection({ artifact, title, defaultOpen, children }: { artifact: Artifact; title: string; defaultOpen: boolean; children: ReactNode }) {
  const [isOpen, setIsOpen] = useState(defaultOpen)
  return (
    <details className="artifact-section" open={isOpen} onToggle={(e) => setIsOpen(e.currentTarget.open)} data-artifact={artifact.kind}>
      <summary><h4>{title}</h4></summary>
      {isOpen && children}
    </details>
  )
}
