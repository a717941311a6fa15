import { describeWorkspaceSize, formatBytes } from '../../../shared/byte-size.ts'
import { useWorkspaceSize } from '../../data/queries.ts'

/** The workspace's disk use in the sweep list's header; the breakdown is in the title. Nothing until known. */
export function WorkspaceSizeNote() {
  const size = useWorkspaceSize()
  if (!size.data) return null
  return (
    <span className="muted workspace-size" title={`Workspace on disk: ${describeWorkspaceSize(size.data)}`}>
      Workspace {formatBytes(size.data.totalBytes)}
    </span>
  )
}
