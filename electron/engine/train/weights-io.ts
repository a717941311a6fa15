import { readFileSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'

/**
 * TF.js model files (model.json + weights.bin, the layout `tf.loadLayersModel('file://…')` and
 * tfjs-converter read) through an IOHandler on node:fs, so saving works with any backend and
 * without tfjs-node. Files are written to a temporary name and renamed, so a crash mid-save never
 * leaves a half-written model.json beside the previous weights.
 */
export const MODEL_JSON = 'model.json'
export const WEIGHTS_BIN = 'weights.bin'

interface ModelJson {
  modelTopology?: unknown
  format?: string
  generatedBy?: string
  convertedBy?: string | null
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>
  userDefinedMetadata?: Record<string, unknown>
  trainingConfig?: unknown
}

function concat(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0)
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`
  await writeFile(tmp, data)
  await rename(tmp, path)
}

/** An IOHandler that saves to and loads from `dir` (created on save). */
export function fileIOHandler(dir: string): tf.io.IOHandler & Required<Pick<tf.io.IOHandler, 'save' | 'load'>> {
  return { save: (a) => save(dir, a), load: () => load(dir) }
}

async function save(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  await mkdir(dir, { recursive: true })
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
  // Weights first: a model.json on disk always names weights that are complete.
  await writeAtomic(join(dir, WEIGHTS_BIN), weights)
  await writeAtomic(join(dir, MODEL_JSON), JSON.stringify(json))
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: json.modelTopology ? JSON.stringify(json.modelTopology).length : 0,
      weightSpecsBytes: JSON.stringify(json.weightsManifest).length,
      weightDataBytes: weights.byteLength,
    },
  }
}

async function load(dir: string): Promise<tf.io.ModelArtifacts> {
  const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as ModelJson
  const specs: tf.io.WeightsManifestEntry[] = []
  const buffers: ArrayBuffer[] = []
  for (const group of json.weightsManifest ?? []) {
    specs.push(...group.weights)
    for (const p of group.paths) {
      const buf = await readFile(join(dir, p))
      buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer)
    }
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: specs,
    weightData: tf.io.concatenateArrayBuffers(buffers),
  }
  if (json.format !== undefined) artifacts.format = json.format
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy
  if (json.userDefinedMetadata) artifacts.userDefinedMetadata = json.userDefinedMetadata as { [key: string]: object }
  if (json.trainingConfig) artifacts.trainingConfig = json.trainingConfig as tf.io.ModelArtifacts['trainingConfig']
  return artifacts
}

export type NamedTensors = Record<string, tf.Tensor>

/**
 * Saves named tensors (a hand-built model's variables) as TF.js weight files; `metadata` (the
 * model's config, tokenizer, …) goes to model.json's userDefinedMetadata.
 */
export async function saveWeights(dir: string, tensors: NamedTensors, metadata: Record<string, unknown> = {}): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors)
  await save(dir, { format: 'sweeplab-weights', weightSpecs: specs, weightData: data, userDefinedMetadata: metadata as { [key: string]: object } })
}

/** Loads what saveWeights wrote (or any TF.js model's weights); the caller owns the tensors. */
export async function loadWeights(dir: string): Promise<{ tensors: NamedTensors; metadata: Record<string, unknown> }> {
  const a = await load(dir)
  const tensors = tf.io.decodeWeights(a.weightData ?? new ArrayBuffer(0), a.weightSpecs ?? [])
  return { tensors, metadata: (a.userDefinedMetadata ?? {}) as Record<string, unknown> }
}

/** The metadata a saved model carries (trainer, config, tokenizer…), read without loading its weights. */
export function readModelMetadata(dir: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as { userDefinedMetadata?: Record<string, unknown> }
  return json.userDefinedMetadata ?? {}
}
