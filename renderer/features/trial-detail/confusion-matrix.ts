/** The `confusion_matrix.json` the built-in classifiers write: rows are true classes, columns predicted. */
export interface ConfusionMatrixFile {
  split: string
  labels: string[]
  matrix: number[][]
}

export interface ClassMetrics {
  label: string
  precision: number
  recall: number
  f1: number
  /** Rows whose true class this is. */
  support: number
  /** Rows predicted as this class. */
  predicted: number
}

export interface ConfusionSummary {
  classes: ClassMetrics[]
  total: number
  accuracy: number
  /** Unweighted means over the classes that occur in the labels or the predictions (sklearn's macro). */
  macro: { precision: number; recall: number; f1: number }
  /** Means weighted by support. */
  weighted: { precision: number; recall: number; f1: number }
}

/** Parses and checks the file; throws with a message that says what is wrong with it. */
export function parseConfusionMatrix(text: string): ConfusionMatrixFile {
  const raw: unknown = JSON.parse(text)
  if (typeof raw !== 'object' || raw === null) throw new Error('expected a JSON object with labels and matrix')
  const { split, labels, matrix } = raw as Record<string, unknown>
  if (!Array.isArray(matrix) || !matrix.every((r) => Array.isArray(r) && r.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0))) {
    throw new Error('matrix: expected rows of non-negative numbers')
  }
  const k = matrix.length
  if (!matrix.every((r: number[]) => r.length === k)) throw new Error(`matrix: expected ${k} × ${k}`)
  const names = Array.isArray(labels) && labels.length === k ? labels.map(String) : Array.from({ length: k }, (_, i) => String(i))
  return { split: typeof split === 'string' ? split : 'validation', labels: names, matrix: matrix as number[][] }
}

/**
 * Precision, recall and F1 per class from the counts, with the same conventions as the trainers'
 * metrics (electron/engine/train/metrics.ts): 0 when a denominator is 0, classes absent from both
 * labels and predictions left out of the macro mean.
 */
export function summarizeConfusion(cm: ConfusionMatrixFile): ConfusionSummary {
  const k = cm.matrix.length
  let total = 0
  let correct = 0
  const classes: ClassMetrics[] = []
  for (let c = 0; c < k; c++) {
    let support = 0
    let predicted = 0
    for (let j = 0; j < k; j++) {
      support += cm.matrix[c]![j]!
      predicted += cm.matrix[j]![c]!
    }
    const tp = cm.matrix[c]![c]!
    total += support
    correct += tp
    const precision = predicted > 0 ? tp / predicted : 0
    const recall = support > 0 ? tp / support : 0
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0
    classes.push({ label: cm.labels[c] ?? String(c), precision, recall, f1, support, predicted })
  }
  const present = classes.filter((c) => c.support > 0 || c.predicted > 0)
  const mean = (pick: (c: ClassMetrics) => number) => (present.length ? present.reduce((a, c) => a + pick(c), 0) / present.length : 0)
  const wmean = (pick: (c: ClassMetrics) => number) => (total ? classes.reduce((a, c) => a + pick(c) * c.support, 0) / total : 0)
  return {
    classes,
    total,
    accuracy: total ? correct / total : 0,
    macro: { precision: mean((c) => c.precision), recall: mean((c) => c.recall), f1: mean((c) => c.f1) },
    weighted: { precision: wmean((c) => c.precision), recall: wmean((c) => c.recall), f1: wmean((c) => c.f1) },
  }
}
