/**
 * Evaluation metrics in plain JS over typed arrays: no tensors, so they cost no kernels and are
 * identical on every backend.
 */
export type Labels = ArrayLike<number>

/** Row-major predicted class per row of an n × k score matrix (first maximum wins ties). */
export function argmaxRows(scores: ArrayLike<number>, n: number, k: number, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) {
    let best = 0
    let bestV = scores[i * k]!
    for (let j = 1; j < k; j++) {
      const v = scores[i * k + j]!
      if (v > bestV) {
        bestV = v
        best = j
      }
    }
    out[i] = best
  }
  return out
}

export function accuracy(yTrue: Labels, yPred: Labels): number {
  if (yTrue.length !== yPred.length) throw new Error(`accuracy: ${yTrue.length} labels vs ${yPred.length} predictions`)
  if (yTrue.length === 0) return Number.NaN
  let ok = 0
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++
  return ok / yTrue.length
}

/** k × k counts: rows are true classes, columns predicted (sklearn's convention). */
export function confusionMatrix(yTrue: Labels, yPred: Labels, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0))
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!
    const p = yPred[i]!
    if (t >= 0 && t < numClasses && p >= 0 && p < numClasses) m[t]![p]!++
  }
  return m
}

export interface ClassReport {
  precision: number
  recall: number
  f1: number
  support: number
}

export interface ClassificationReport {
  accuracy: number
  /** Macro averages: the unweighted mean over classes that occur in the labels or predictions. */
  precision: number
  recall: number
  f1: number
  perClass: ClassReport[]
  confusion: number[][]
}

/**
 * Precision, recall and F1 per class and macro-averaged. A class with no predictions has precision 0
 * and one with no support recall 0 (sklearn's zero_division=0); classes absent from both the labels
 * and the predictions are left out of the macro mean, as sklearn does with `labels=None`.
 */
export function classificationReport(yTrue: Labels, yPred: Labels, numClasses: number): ClassificationReport {
  const confusion = confusionMatrix(yTrue, yPred, numClasses)
  const perClass: ClassReport[] = []
  let sumP = 0
  let sumR = 0
  let sumF = 0
  let present = 0
  for (let c = 0; c < numClasses; c++) {
    const tp = confusion[c]![c]!
    let support = 0
    let predicted = 0
    for (let j = 0; j < numClasses; j++) {
      support += confusion[c]![j]!
      predicted += confusion[j]![c]!
    }
    const precision = predicted > 0 ? tp / predicted : 0
    const recall = support > 0 ? tp / support : 0
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0
    perClass.push({ precision, recall, f1, support })
    if (support > 0 || predicted > 0) {
      present++
      sumP += precision
      sumR += recall
      sumF += f1
    }
  }
  return {
    accuracy: accuracy(yTrue, yPred),
    precision: present ? sumP / present : 0,
    recall: present ? sumR / present : 0,
    f1: present ? sumF / present : 0,
    perClass,
    confusion,
  }
}

/** exp(mean negative log-likelihood in nats per token). */
export function perplexity(meanNll: number): number {
  return Math.exp(meanNll)
}

export interface RegressionReport {
  mse: number
  mae: number
  /** 1 − SS_res / SS_tot over all outputs pooled; NaN when the target is constant. */
  r2: number
}

export function regressionReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  const n = yTrue.length
  if (n !== yPred.length) throw new Error(`regression metrics: ${n} targets vs ${yPred.length} predictions`)
  if (n === 0) return { mse: Number.NaN, mae: Number.NaN, r2: Number.NaN }
  let mean = 0
  for (let i = 0; i < n; i++) mean += yTrue[i]!
  mean /= n
  let se = 0
  let ae = 0
  let tot = 0
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!
    se += d * d
    ae += Math.abs(d)
    const c = yTrue[i]! - mean
    tot += c * c
  }
  return { mse: se / n, mae: ae / n, r2: tot > 0 ? 1 - se / tot : Number.NaN }
}

export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return regressionReport(yTrue, yPred).mse
}
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return regressionReport(yTrue, yPred).mae
}
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return regressionReport(yTrue, yPred).r2
}

/**
 * Mean softmax cross-entropy (nats) of n rows of k logits against integer labels, in float64 with the
 * max subtracted for stability. Used for validation loss without extra kernels.
 */
export function softmaxCrossEntropy(logits: ArrayLike<number>, labels: Labels, n: number, k: number): number {
  let total = 0
  for (let i = 0; i < n; i++) {
    let max = -Infinity
    for (let j = 0; j < k; j++) max = Math.max(max, logits[i * k + j]!)
    let s = 0
    for (let j = 0; j < k; j++) s += Math.exp(logits[i * k + j]! - max)
    total += Math.log(s) + max - logits[i * k + labels[i]!]!
  }
  return n ? total / n : Number.NaN
}
