import type { ReactNode } from 'react'

/** One labelled fact of a header's description list (`<dl>`): the sweep and trial headers' facts. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}
