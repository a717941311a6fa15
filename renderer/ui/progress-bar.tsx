/** `total` null means unbounded (a random sweep without run_cap): shows the count without a fraction. */
export function ProgressBar({ done, total, label }: { done: number; total: number | null; label?: string }) {
  const fraction = total ? Math.min(1, done / total) : 0
  const text = total === null ? `${done} / ∞` : `${done} / ${total}`
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label ?? 'progress'}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={done}
      >
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="progress-label">{text}</span>
    </div>
  )
}
