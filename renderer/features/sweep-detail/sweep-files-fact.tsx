import { formatBytes } from '../../../shared/byte-size.ts'
import { useWorkspaceSize } from '../../data/queries.ts'

/** The disk the sweep's trial folders take (weights, outputs), from the workspace size. */
export function SweepFilesFact({ sweepId }: { sweepId: number }) {
  const size = useWorkspaceSize()
  if (!size.data) return null
  const bytes = size.data.sweeps.find((s) => s.sweepId === sweepId)?.bytes ?? 0
  return (
    <div>
      <dt>Files</dt>
      <dd title={`Trial folders of this sweep; the whole workspace takes ${formatBytes(size.data.totalBytes)}`}>{formatBytes(bytes)}</dd>
    </div>
  )
}
