/**
 * Public API of the training core (issue 4). Trainers import from here only; names are stable.
 * Speed notes for model authors (measured, docs/training-performance.md):
 *  - on wasm, a matMul with a transpose flag or a batch dim > 1 runs a scalar loop (~10× slower):
 *    use `matMul` / `dense` from here, which transpose explicitly and stay on XNNPACK;
 *  - every kernel costs ~10–20 µs of dispatch on wasm: prefer fused ops and the custom kernels
 *    (softmaxCrossEntropyGrad, activationGrad, createOptimizer's one-kernel update).
 */
// Platform-free: the browser GPU worker's page bundles the trainers through this module. Node-only
// pieces (backend.ts's selectBackend, weights-io.ts's file I/O) are imported from their modules.
export { backendNoteOf } from './backend-types.ts'
export type { BackendName, BackendChoice, SelectBackend, SelectBackendOptions } from './backend-types.ts'
export { BACKEND_NAMES, BROWSER_BACKEND_ORDER, BROWSER_ONLY_BACKENDS, isBackendName, NODE_BACKEND_ORDER } from './param-specs.ts'

export { createOptimizer } from './optimizers.ts'
export type { Optimizer, OptimizerConfig, OptimizerKind, OptimizerOptions } from './optimizers.ts'

export { createSchedule, parseScheduleKind } from './schedules.ts'
export type { Schedule, ScheduleConfig, ScheduleKind } from './schedules.ts'

export { runTrainLoop } from './loop.ts'
export type { ArrayDataset, Batch, FeatureArray, LoopStatus, StepInfo, TrainLoopOptions, TrainLoopResult } from './loop.ts'

export {
  accuracy,
  argmaxRows,
  classificationReport,
  confusionMatrix,
  mae,
  mse,
  perplexity,
  r2,
  regressionReport,
  softmaxCrossEntropy,
} from './metrics.ts'
export type { ClassificationReport, ClassReport, RegressionReport } from './metrics.ts'

export { initArray, initFor, initVariable } from './init.ts'
export type { InitKind, InitOptions } from './init.ts'

export { dropout, dropoutMask } from './dropout.ts'
export { normal, permutation, STREAM, trainRng } from './random.ts'
export type { Rng } from './random.ts'

export { decodeWeightFiles, encodeWeightFiles, MODEL_JSON, WEIGHTS_BIN } from './weights-format.ts'
export type { NamedTensors, SavedWeights } from './weights-format.ts'
export { checkRelativePath, prefixedFiles } from './trial-files.ts'
export type { TrialFiles } from './trial-files.ts'

export { activationGrad, hasFastKernels, mseGrad, setSimdEnabled, softmaxCrossEntropyGrad } from './kernels.ts'
export type { Activation, LossGrad } from './kernels.ts'

export { gemm, gemmApplies, setGemmEnabled } from './gemm.ts'
export { dense, dense3, denseForward, matMul, matMul3, transpose3 } from './ops.ts'
export type { Mat3 } from './ops.ts'

export {
  backendPinFromParams,
  COMMON_PARAMS,
  createEarlyStopper,
  optimizerConfigFromParams,
  parseParams,
  scheduleFromParams,
} from './hyperparams.ts'
export type { ParamDef, ParamKind, ParamSpec } from './hyperparams.ts'

export { createMlp } from './models/mlp.ts'
export type { Mlp, MlpConfig, MlpTask } from './models/mlp.ts'
export { createTabularTrainer, TABULAR_PARAMS, trainTabular } from './trainers/tabular.ts'
export { encodeTabular } from './trainers/tabular-data.ts'
export type { PreparedTabular, RawTable, TabularEncoding, TabularSplit } from './trainers/tabular-data.ts'
export { gaussianBlobs, majorityRate, noisyLinear } from './trainers/synthetic.ts'
