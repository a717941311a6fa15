import * as tf from '@tensorflow/tfjs'

/**
 * The TF.js weight-file layout (model.json + weights.bin, what `tf.loadLayersModel` and
 * tfjs-converter read) as bytes, with no file system: a Node worker writes them to the trial
 * folder, a browser GPU worker's page posts them to the engine, which writes the same files.
 */
export const MODEL_JSON = 'model.json'
export const WEIGHTS_BIN = 'weights.bin'

export interface ModelJson {
  modelTopology?: unknown
  format?: string
  generatedBy?: string
  convertedBy?: string | null
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>
  userDefinedMetadata?: Record<string, unknown>
  trainingConfig?: unknown
}

export type NamedTensors = Record<string, tf.Tensor>

/** A saved model's weights as tensors (the caller disposes them) and its metadata. */
export interface SavedWeights {
  tensors: NamedTensors
  metadata: Record<string, unknown>
}

function concat(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0)
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data
}

/** model.json's object and the one weights.bin for TF.js model artifacts. */
export function artifactsToFiles(artifacts: tf.io.ModelArtifacts): { json: ModelJson; weights: Uint8Array } {
  const weights = new Uint8Array(concat(artifacts.weightData as ArrayBuffer | ArrayBuffer[] | undefined))
  const json: ModelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-core v${tf.version_core}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
  }
  if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata as Record<string, unknown>
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig
  return { json, weights }
}

/** Named tensors (a hand-built model's variables) and metadata as the two files' contents. */
export async function encodeWeightFiles(tensors: NamedTensors, metadata: Record<string, unknown> = {}): Promise<{ modelJson: string; weights: Uint8Array }> {
  const { data, specs } = await tf.io.encodeWeights(tensors)
  const { json, weights } = artifactsToFiles({ format: 'sweeplab-weights', weightSpecs: specs, weightData: data, userDefinedMetadata: metadata as { [key: string]: object } })
  return { modelJson: JSON.stringify(json), weights }
}

/** What `encodeWeightFiles` produced (model.json text and the bytes of its weight files, in manifest order) as tensors. */
export function decodeWeightFiles(modelJson: string, weightFiles: readonly Uint8Array[]): SavedWeights {
  const json = JSON.parse(modelJson) as ModelJson
  const specs = (json.weightsManifest ?? []).flatMap((g) => g.weights)
  const buffers = weightFiles.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
  const tensors = tf.io.decodeWeights(tf.io.concatenateArrayBuffers(buffers), specs)
  return { tensors, metadata: json.userDefinedMetadata ?? {} }
}
