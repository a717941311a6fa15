import type { ReactNode } from 'react'
import type { Artifact, ArtifactContent } from '../../../shared/api/types.ts'
import { useArtifactContent } from '../../data/trial-queries.ts'
import { formatBytes } from './format-bytes.ts'

/**
 * Reads a text artifact and hands its content to `children`; shows loading, the error where the
 * content would be, and a notice when only the start of the file was read.
 */
export function ArtifactContentLoader({ artifact, children }: { artifact: Artifact; children: (content: ArtifactContent) => ReactNode }) {
  const content = useArtifactContent(artifact.id)
  if (content.isPending) return <p className="muted" aria-busy="true">Reading {artifact.name}…</p>
  if (content.isError) {
    return (
      <div className="error-box" role="alert">
        Could not read {artifact.name}: {content.error.message} <button type="button" onClick={() => void content.refetch()}>Retry</button>
      </div>
    )
  }
  return (
    <>
      {children(content.data)}
      {content.data.truncated && (
        <p className="muted artifact-note">
          Showing the first {formatBytes(new TextEncoder().encode(content.data.content).length)} of {formatBytes(content.data.size)}; the whole file is at <code>{artifact.path}</code>.
        </p>
      )}
    </>
  )
}

/** A text file as it is. */
export function TextArtifact({ artifact }: { artifact: Artifact }) {
  return (
    <ArtifactContentLoader artifact={artifact}>
      {(c) => <pre className="artifact-text" tabIndex={0}>{c.content}</pre>}
    </ArtifactContentLoader>
  )
}

/** Parses JSON content with `parse`, showing a parse error in place instead of throwing. */
export function ParsedArtifact<T>({ artifact, parse, render }: { artifact: Artifact; parse: (text: string) => T; render: (value: T) => ReactNode }) {
  return (
    <ArtifactContentLoader artifact={artifact}>
      {(c) => {
        if (c.truncated) return <p className="muted">{artifact.name} is too large to show here ({formatBytes(c.size)}).</p>
        let value: T
        try {
          value = parse(c.content)
        } catch (e) {
          return <div className="error-box" role="alert">{artifact.name} is not in the expected format: {e instanceof Error ? e.message : String(e)}</div>
        }
        return render(value)
      }}
    </ArtifactContentLoader>
  )
}
