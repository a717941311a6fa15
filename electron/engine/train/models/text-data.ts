/**
 * Text data as the text trainers take it: token ids in typed arrays, already tokenized by the data
 * pipeline (electron/engine/data). Classification: one row of `seqLen` ids per example, padded with
 * `padId`. Language modelling: each split is one token stream (documents joined by a separator),
 * which the trainer cuts into windows of `context + 1` tokens.
 */
export interface PreparedText {
  /** Classification: n × seqLen ids (row-major). Language model: a token stream. */
  trainIds: Int32Array
  trainLabels?: Int32Array
  valIds?: Int32Array
  valLabels?: Int32Array
  testIds?: Int32Array
  testLabels?: Int32Array
  /** Classification row width. Ignored by the language model (its `context` param decides). */
  seqLen: number
  vocabSize: number
  /** Padding id (0 for the pipeline's tokenizers). */
  padId?: number
  /** Class names; labels index into it. */
  labelNames?: string[]
  /** Token ids → text (for generated samples). */
  decode?(ids: ArrayLike<number>): string
  /** Text → token ids (for generation prompts). */
  encode?(text: string): number[]
  /** Stored with saved weights so a later trial (finetune) can tokenize the same way. */
  tokenizer?: unknown
}

export const DEFAULT_PAD_ID = 0

/** Ragged rows (tokens[offsets[i] .. offsets[i+1]), the pipeline's EncodedSplit) → n × seqLen, truncated and padded. */
export function padRows(tokens: Int32Array, offsets: Int32Array, seqLen: number, padId = DEFAULT_PAD_ID): Int32Array {
  const n = offsets.length - 1
  const out = new Int32Array(n * seqLen).fill(padId)
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!
    const len = Math.min(seqLen, offsets[i + 1]! - start)
    out.set(tokens.subarray(start, start + len), i * seqLen)
  }
  return out
}

/** Ragged rows → one stream with `separator` after each row (the LM's view of a corpus). */
export function joinRows(tokens: Int32Array, offsets: Int32Array, separator: number | null): Int32Array {
  const n = offsets.length - 1
  if (separator === null) return tokens.slice(offsets[0], offsets[n])
  const out = new Int32Array(offsets[n]! - offsets[0]! + n)
  let o = 0
  for (let i = 0; i < n; i++) {
    const row = tokens.subarray(offsets[i], offsets[i + 1])
    out.set(row, o)
    o += row.length
    out[o++] = separator
  }
  return out
}

/**
 * Cuts a stream into windows of `context + 1` tokens (inputs and shifted targets) with stride
 * `context`, so each token is predicted once per epoch. A tail shorter than a window is dropped,
 * unless the stream has no full window at all (then one shorter window).
 */
export function lmWindows(stream: Int32Array, context: number): { windows: Int32Array; n: number; width: number } {
  const width = context + 1
  if (stream.length < 2) return { windows: new Int32Array(0), n: 0, width }
  if (stream.length < width) return { windows: stream.slice(), n: 1, width: stream.length }
  const n = Math.floor((stream.length - 1) / context)
  const windows = new Int32Array(n * width)
  for (let i = 0; i < n; i++) windows.set(stream.subarray(i * context, i * context + width), i * width)
  return { windows, n, width }
}

/** Rows of a padded id matrix: n = ids.length / seqLen. */
export function rowCount(ids: Int32Array | undefined, seqLen: number): number {
  return ids ? Math.floor(ids.length / seqLen) : 0
}

/** 1 for real tokens, 0 for padding, as float32 [n × seqLen] (the attention and pooling mask). */
export function paddingMask(ids: Int32Array, padId: number): Float32Array {
  const m = new Float32Array(ids.length)
  for (let i = 0; i < ids.length; i++) m[i] = ids[i] === padId ? 0 : 1
  return m
}
