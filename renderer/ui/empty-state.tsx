import type { ReactNode } from 'react'

/** Says what is missing and what to do next; never just "no data". */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty-state">
      <h2>{title}</h2>
      {children}
    </section>
  )
}
