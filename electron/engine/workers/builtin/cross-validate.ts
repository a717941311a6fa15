/**
 * k-fold cross-validation around any built-in trainer: the trainer runs once per fold, its curves
 * are stored per fold (`fold1/val_loss`), and the trial's own metrics are the mean over folds of
 * each fold's last reported value, with the standard deviation beside it (`val_loss_std`).
 */
export interface FoldReporter {
  /** The `report` to hand to the trainer for fold `k` (0-based). */
  forFold(k: number): (record: Record<string, unknown>) => void
  /** Reports the mean and standard deviation over folds of every numeric metric. */
  finish(): Record<string, number>
}

export function createFoldReporter(folds: number, report: (record: Record<string, unknown>) => void): FoldReporter {
  const last: Array<Map<string, number>> = Array.from({ length: folds }, () => new Map())
  let maxStep = 0
  return {
    forFold(k) {
      return (record) => {
        const out: Record<string, unknown> = {}
        for (const [name, value] of Object.entries(record)) {
          if (name === 'step') {
            if (typeof value === 'number') maxStep = Math.max(maxStep, value)
            out.step = value
          } else if (name.startsWith('_')) {
            out[name] = value
          } else if (typeof value === 'number') {
            out[`fold${k + 1}/${name}`] = value
            last[k]!.set(name, value)
          }
        }
        report(out)
      }
    },
    finish() {
      const names = new Set(last.flatMap((m) => [...m.keys()]))
      const summary: Record<string, number> = {}
      for (const name of names) {
        const values = last.map((m) => m.get(name)).filter((v): v is number => v !== undefined)
        if (values.length !== folds) continue
        const mean = values.reduce((a, b) => a + b, 0) / folds
        const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, folds - 1)
        summary[name] = mean
        summary[`${name}_std`] = Math.sqrt(variance)
      }
      report({ step: maxStep + 1, ...summary })
      return summary
    },
  }
}
