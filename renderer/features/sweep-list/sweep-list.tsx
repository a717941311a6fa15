import { useCancelSweep } from '../../data/mutations.ts'
import { useSweeps } from '../../data/queries.ts'
import { EmptyState } from '../../ui/empty-state.tsx'
import { useNow } from '../../ui/use-now.ts'
import { SweepRow } from './sweep-row.tsx'
import './sweep-list.css'

export const START_COMMAND = 'npx sweeplab run resources/examples/spam-classifier-grid.yaml'

export function SweepList() {
  const sweeps = useSweeps()
  const cancel = useCancelSweep()
  const now = useNow(5_000)

  if (sweeps.isPending) return <p className="muted" aria-busy="true">Loading sweeps…</p>
  if (sweeps.isError) {
    return (
      <div className="error-box" role="alert">
        <strong>Could not load sweeps.</strong> {sweeps.error.message}{' '}
        <button type="button" onClick={() => void sweeps.refetch()}>Retry</button>
      </div>
    )
  }
  if (sweeps.data.length === 0) {
    return (
      <EmptyState title="No sweeps yet">
        <p>Start one from a terminal in the project folder; it shows up here as it runs:</p>
        <p><code>{START_COMMAND}</code></p>
      </EmptyState>
    )
  }

  return (
    <>
      {cancel.isError && (
        <div className="error-box" role="alert">Could not stop the sweep: {cancel.error.message}</div>
      )}
      <table className="sweep-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Method</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col" className="num">Best</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">Duration</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {sweeps.data.map((s) => (
            <SweepRow
              key={s.id}
              sweep={s}
              now={now}
              onStop={(id) => cancel.mutate(id)}
              stopping={cancel.isPending && cancel.variables === s.id}
            />
          ))}
        </tbody>
      </table>
    </>
  )
}
