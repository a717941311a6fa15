import { describe, expect, it } from 'vitest'
import { accuracy, argmaxRows, classificationReport, confusionMatrix, perplexity, regressionReport, softmaxCrossEntropy } from './metrics.ts'

describe('classification metrics (hand-computed)', () => {
  // true:  0 0 0 1 1 2
  // pred:  0 1 0 1 2 2
  const yTrue = [0, 0, 0, 1, 1, 2]
  const yPred = [0, 1, 0, 1, 2, 2]

  it('accuracy and confusion matrix (rows = true, columns = predicted)', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12)
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ])
  })

  it('precision, recall, F1 per class and macro', () => {
    const r = classificationReport(yTrue, yPred, 3)
    // class 0: tp 2, predicted 2, support 3 → P 1, R 2/3, F1 0.8
    // class 1: tp 1, predicted 2, support 2 → P 0.5, R 0.5, F1 0.5
    // class 2: tp 1, predicted 2, support 1 → P 0.5, R 1, F1 2/3
    expect(r.perClass.map((c) => c.precision)).toEqual([1, 0.5, 0.5])
    expect(r.perClass[0]!.recall).toBeCloseTo(2 / 3, 12)
    expect(r.perClass.map((c) => c.support)).toEqual([3, 2, 1])
    expect(r.perClass[0]!.f1).toBeCloseTo(0.8, 12)
    expect(r.perClass[2]!.f1).toBeCloseTo(2 / 3, 12)
    expect(r.precision).toBeCloseTo(2 / 3, 12)
    expect(r.recall).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 12)
    expect(r.f1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12)
  })

  it('a class never predicted has precision 0; a class absent from labels and predictions is left out of the macro mean', () => {
    const r = classificationReport([0, 0, 1], [0, 0, 0], 3)
    expect(r.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 })
    // class 0: P 2/3, R 1, F1 0.8; class 1: 0; class 2 absent → macro over 2 classes
    expect(r.precision).toBeCloseTo(1 / 3, 12)
    expect(r.f1).toBeCloseTo(0.4, 12)
  })

  it('argmax over rows takes the first maximum', () => {
    expect(Array.from(argmaxRows([0.1, 0.7, 0.2, 3, 3, 1], 2, 3))).toEqual([1, 0])
  })
})

describe('losses and regression metrics (hand-computed)', () => {
  it('softmax cross-entropy and perplexity', () => {
    // logits [0, 0] → p = ½ each → NLL ln 2; logits [ln 3, 0] with label 0 → p = 3/4 → NLL ln(4/3)
    const ce = softmaxCrossEntropy([0, 0, Math.log(3), 0], [1, 0], 2, 2)
    expect(ce).toBeCloseTo((Math.log(2) + Math.log(4 / 3)) / 2, 12)
    expect(perplexity(Math.log(2))).toBeCloseTo(2, 12)
    // Uniform over V tokens: perplexity V.
    expect(perplexity(softmaxCrossEntropy([1, 1, 1, 1, 1], [3], 1, 5))).toBeCloseTo(5, 10)
  })

  it('mse, mae, r2', () => {
    const r = regressionReport([1, 2, 3, 4], [1, 2, 3, 6])
    expect(r.mse).toBeCloseTo(1, 12) // (0+0+0+4)/4
    expect(r.mae).toBeCloseTo(0.5, 12)
    // SS_tot = 2.25+0.25+0.25+2.25 = 5; SS_res = 4 → r2 = 0.2
    expect(r.r2).toBeCloseTo(0.2, 12)
    expect(regressionReport([2, 2], [2, 2]).r2).toBeNaN()
  })
})
