import { useState } from 'react'
import type { SweepSummary } from '../../../shared/api/types.ts'
import { useCancelSweep } from '../../data/mutations.ts'
import { useDeleteSweep } from '../../data/new-sweep-queries.ts'
import { useSweeps } from '../../data/queries.ts'
import { routeHref } from '../../route.ts'
import { useNow } from '../../ui/use-now.ts'
import { DeleteSweepDialog } from './delete-sweep-dialog.tsx'
import { NoSweeps } from './no-sweeps.tsx'
import { SweepRow } from './sweep-row.tsx'
import { WorkspaceSizeNote } from './workspace-size.tsx'
import './sweep-list.css'

export { START_COMMAND } from './no-sweeps.tsx'

export function SweepList() {
  const sweeps = useSweeps()
  const cancel = useCancelSweep()
  const remove = useDeleteSweep()
  const [toDelete, setToDelete] = useState<SweepSummary | null>(null)
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
  if (sweeps.data.length === 0) return <NoSweeps />

  const closeDialog = () => {
    setToDelete(null)
    remove.reset()
  }
  return (
    <>
      <div className="sweep-list-head">
        <h2>Sweeps</h2>
        <span className="sweep-list-head-spacer" />
        <WorkspaceSizeNote />
        <a className="button-link primary" href={routeHref({ name: 'new-sweep' })}>New sweep</a>
      </div>
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
              onDelete={(sweep) => {
                remove.reset()
                setToDelete(sweep)
              }}
            />
          ))}
        </tbody>
      </table>
      {toDelete && (
        <DeleteSweepDialog
          sweep={toDelete}
          deleting={remove.isPending}
          error={remove.isError ? remove.error.message : null}
          onCancel={closeDialog}
          onConfirm={() => remove.mutate(toDelete.id, { onSuccess: closeDialog })}
        />
      )}
    </>
  )
}
