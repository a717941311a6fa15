import type { ErrorLocation } from '../../../shared/errors.ts'

/** `line 5:9` for a located problem, '' when the engine could not place it. */
export function problemPlace(p: ErrorLocation): string {
  if (p.line === undefined) return ''
  return p.column === undefined ? `line ${p.line}` : `line ${p.line}:${p.column}`
}

/**
 * The engine's problems, each with its place in the file; a located one is a button that moves
 * the editor's caret there.
 */
export function SpecProblems({ problems, onJump, stale = false }: { problems: readonly ErrorLocation[]; onJump: (p: ErrorLocation) => void; stale?: boolean }) {
  if (problems.length === 0) return null
  return (
    <ul className="spec-problems" aria-label="Problems in the sweep file" aria-busy={stale || undefined}>
      {problems.map((p, i) => (
        <li key={`${i}:${p.line}:${p.column}:${p.message}`} data-testid="spec-problem">
          {p.line !== undefined ? (
            <button type="button" className="spec-problem-place" onClick={() => onJump(p)} title="Show in the editor">
              {problemPlace(p)}
            </button>
          ) : (
            <span className="spec-problem-place">file</span>
          )}
          {p.path && <code className="spec-problem-path">{p.path}</code>}
          <span className="spec-problem-message">{p.message}</span>
        </li>
      ))}
    </ul>
  )
}
