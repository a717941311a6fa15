import { useExamples } from '../../data/new-sweep-queries.ts'
import { routeHref } from '../../route.ts'
import { EmptyState } from '../../ui/empty-state.tsx'

export const START_COMMAND = 'npx sweeplab run resources/examples/spam-classifier-grid.yaml'

/** The first screen of a new workspace: the ways to get a first sweep, most direct first. */
export function NoSweeps() {
  const examples = useExamples()
  return (
    <EmptyState title="No sweeps yet">
      <p>Write one in the new-sweep screen (a form and the YAML side by side), or start from an example that runs offline.</p>
      <p className="no-sweeps-actions">
        <a className="button-link primary" href={routeHref({ name: 'new-sweep' })}>New sweep</a>
      </p>
      {examples.data && examples.data.length > 0 && (
        <nav aria-label="Start from an example" className="no-sweeps-examples">
          <h3>Start from an example</h3>
          <ul>
            {examples.data.map((ex) => (
              <li key={ex.name}>
                <a href={routeHref({ name: 'new-sweep', example: ex.name })}>{ex.name}</a>
                {ex.title !== ex.name && <span className="muted"> — {ex.title}</span>}
              </li>
            ))}
          </ul>
        </nav>
      )}
      {examples.isError && <p className="muted">The examples could not be listed ({examples.error.message}); the new-sweep screen starts from a template.</p>}
      <p>Or from a terminal in the project folder; the sweep shows up here as it runs:</p>
      <p><code>{START_COMMAND}</code></p>
    </EmptyState>
  )
}
