import { useMemo } from 'react'
import { CopyButton } from './copy-button.tsx'
import { saveText } from './save-text.ts'

/** Beyond this the preview stops (a CSV of 10k trials is megabytes); Copy and Save use everything. */
export const PREVIEW_MAX_CHARS = 100_000

export interface ExportOutputProps {
  content: string | undefined
  loading: boolean
  error: Error | null
  onRetry: () => void
  fileName: string
  mime: string
  /** The CLI command that prints the same bytes, when there is one. */
  cli?: string | null
}

/** The exported text with Copy and Save…, or the error of the export where the text would be. */
export function ExportOutput({ content, loading, error, onRetry, fileName, mime, cli }: ExportOutputProps) {
  const size = useMemo(() => (content === undefined ? '' : formatSize(content)), [content])
  if (error) {
    return (
      <div className="error-box export-error" role="alert">
        <strong>Nothing to export.</strong> {error.message}{' '}
        <button type="button" onClick={onRetry}>Retry</button>
      </div>
    )
  }
  if (content === undefined) {
    return <p className="muted export-loading" aria-busy={loading}>{loading ? 'Preparing export…' : 'No export yet.'}</p>
  }
  const preview = content.length > PREVIEW_MAX_CHARS ? content.slice(0, content.lastIndexOf('\n', PREVIEW_MAX_CHARS) + 1 || PREVIEW_MAX_CHARS) : content
  return (
    <div className="export-output">
      <div className="export-actions">
        <CopyButton text={content} />
        <button type="button" onClick={() => saveText(content, fileName, mime)} title={`Save as ${fileName}`}>Save…</button>
        <span className="muted export-meta">{fileName} · {size}</span>
      </div>
      <pre data-testid="export-output" className="export-pre" tabIndex={0}>{preview}</pre>
      {preview.length < content.length && (
        <p className="muted export-note">
          Showing the first {preview.split('\n').length - 1} lines of {content.split('\n').length - 1}; Copy and Save… include everything.
        </p>
      )}
      {cli && <p className="muted export-note">Same as <code>{cli}</code></p>}
    </div>
  )
}

function formatSize(content: string): string {
  const bytes = new TextEncoder().encode(content).length
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}
