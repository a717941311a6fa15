import { readFileSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { artifactsToFiles, decodeWeightFiles, encodeWeightFiles, MODEL_JSON, WEIGHTS_BIN } from './weights-format.ts'
import type { ModelJson, NamedTensors, SavedWeights } from './weights-format.ts'

/**
 * TF.js model files (weights-format.ts) on node:fs, so saving works with any backend and without
 * tfjs-node. Files are written to a temporary name and renamed, so a crash mid-save never leaves a
 * half-written model.json beside the previous weights.
 */
export { MODEL_JSON, WEIGHTS_BIN }
export type { NamedTensors, SavedWeights }

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
  const { json, weights } = artifactsToFiles(artifacts)
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

/**
 * Saves named tensors (a hand-built model's variables) as TF.js weight files; `metadata` (the
 * model's config, tokenizer, …) goes to model.json's userDefinedMetadata.
 */
export async function saveWeights(dir: string, tensors: NamedTensors, metadata: Record<string, unknown> = {}): Promise<void> {
  const { modelJson, weights } = await encodeWeightFiles(tensors, metadata)
  await mkdir(dir, { recursive: true })
  // Weights first: a model.json on disk always names weights that are complete.
  await writeAtomic(join(dir, WEIGHTS_BIN), weights)
  await writeAtomic(join(dir, MODEL_JSON), modelJson)
}

/** A saved model's files as bytes (model.json text, its weight files in manifest order), for a browser GPU worker. */
export async function readWeightFiles(dir: string): Promise<{ modelJson: string; weights: Uint8Array[] }> {
  const modelJson = await readFile(join(dir, MODEL_JSON), 'utf8')
  const json = JSON.parse(modelJson) as ModelJson
  const weights: Uint8Array[] = []
  for (const group of json.weightsManifest ?? []) for (const p of group.paths) weights.push(new Uint8Array(await readFile(join(dir, p))))
  return { modelJson, weights }
}

/** Loads what saveWeights wrote (or any TF.js model's weights); the caller owns the tensors. */
export async function loadWeights(dir: string): Promise<SavedWeights> {
  const files = await readWeightFiles(dir)
  return decodeWeightFiles(files.modelJson, files.weights)
}

/** The metadata a saved model carries (trainer, config, tokenizer…), read without loading its weights. */
export function readModelMetadata(dir: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as { userDefinedMetadata?: Record<string, unknown> }
  return json.userDefinedMetadata ?? {}
}
