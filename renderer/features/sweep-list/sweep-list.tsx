import { useState } from 'react'
import type { SweepSummary } from '../../../shared/api/types.ts'
import { useCancelSweep } from '../../data/mutations.ts'
import { useDeleteSweep } from '../../data/new-sweep-queries.ts'
import { useWorkspace } from '../../data/compare-queries.ts'
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
  const [checked, setChecked] = useState<readonly number[]>([])
  const readOnly = useWorkspace().data?.readOnly === true
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

  // A deleted sweep drops out of the selection.
  const picked = checked.filter((id) => sweeps.data.some((s) => s.id === id))
  const onCheck = (id: number, on: boolean) => setChecked((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)))
  const closeDialog = () => {
    setToDelete(null)
    remove.reset()
  }
  return (
    <>
      <div className="sweep-list-head">
        <h2>Sweeps</h2>
        <span className="sweep-list-head-spacer" />
        <CompareLink picked={picked} />
        <WorkspaceSizeNote />
        {!readOnly && <a className="button-link primary" href={routeHref({ name: 'new-sweep' })}>New sweep</a>}
      </div>
      {cancel.isError && (
        <div className="error-box" role="alert">Could not stop the sweep: {cancel.error.message}</div>
      )}
      <table className="sweep-table">
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">Compare</span></th>
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
              checked={picked.includes(s.id)}
              onCheck={onCheck}
              readOnly={readOnly}
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

/** Compares the ticked sweeps (two or more), in the order they were ticked. */
function CompareLink({ picked }: { picked: readonly number[] }) {
  if (picked.length < 2) {
    return <span className="muted sweep-compare-hint">{picked.length === 1 ? 'Tick another sweep to compare' : 'Tick sweeps to compare them'}</span>
  }
  const refs = picked.slice(0, 8).map((sweepId) => ({ sweepId }))
  return <a className="button-link" href={routeHref({ name: 'compare', sweeps: refs })}>Compare {refs.length} sweeps</a>
}
