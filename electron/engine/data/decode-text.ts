import { readFileSync, statSync } from 'node:fs'
import { SweeplabError, isSweeplabError } from '../../../shared/errors.ts'

/** A physical line longer than this is refused: 1 MiB of characters is no CSV row or sentence, it is a minified blob or a binary file. */
export const MAX_LINE_CHARS = 1_048_576
/** 512 MiB: V8's string limit is ~512 Mi UTF-16 units, and the whole file is held as one string. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Reads a dataset file as UTF-8: BOM stripped, invalid bytes, an empty file or an over-long line refused
 * with a message naming the file, the line and the byte offset.
 */
export function readTextFile(path: string): { text: string; bytes: number } {
  let buf: Buffer
  try {
    const size = statSync(path).size
    if (size > MAX_FILE_BYTES) {
      throw new SweeplabError('dataset/invalid', `${path}: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit of one dataset file; split it into several files in a folder`, { details: { file: path } })
    }
    buf = readFileSync(path)
  } catch (e) {
    if (isSweeplabError(e)) throw e
    const code = (e as { code?: string }).code
    if (code === 'ENOENT') throw new SweeplabError('dataset/missing', `${path}: no such file`, { cause: e, details: { file: path } })
    throw new SweeplabError('io/read-failed', `${path}: cannot read (${e instanceof Error ? e.message : String(e)})`, { cause: e, details: { file: path } })
  }
  const text = decodeUtf8(buf, path)
  checkNoNul(buf, path)
  if (text.trim() === '') throw new SweeplabError('dataset/invalid', `${path}: the file is empty`, { details: { file: path } })
  checkLineLengths(text, path)
  return { text, bytes: buf.length }
}

/** Byte order marks of the encodings people save "Unicode" text in; longest first (UTF-32LE starts like UTF-16LE). */
const FOREIGN_BOMS: ReadonlyArray<{ bytes: ReadonlyArray<number>; name: string }> = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 (little-endian)' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 (big-endian)' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 (little-endian)' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 (big-endian)' },
]

/** Decodes strict UTF-8 (a leading BOM removed); throws `dataset/encoding` at the first invalid byte, or for a UTF-16/32 byte order mark. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const bom = FOREIGN_BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x))
  if (bom !== undefined) {
    // Excel's "Unicode text" and Windows Notepad's "Unicode" save UTF-16 with a BOM: name it instead of blaming byte 0xFF.
    throw new SweeplabError('dataset/encoding', `${file}:1:1: the file is ${bom.name}, by its byte order mark; save it as UTF-8`, { details: { file, line: 1, column: 1, offset: 0, encoding: bom.name } })
  }
  try {
    const text = fatalDecoder.decode(bytes)
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch (e) {
    const offset = findInvalidUtf8(bytes)
    const { line, column } = lineOfByte(bytes, offset)
    const byte = bytes[offset] ?? 0
    throw new SweeplabError(
      'dataset/encoding',
      `${file}:${line}:${column}: invalid UTF-8 byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${offset}; save the file as UTF-8 (it may be Latin-1 or Windows-1252)`,
      { cause: e, details: { file, line, column, offset } },
    )
  }
}

/** NUL is valid UTF-8 but never text: it means a binary file, or UTF-16 saved without a byte order mark. */
function checkNoNul(bytes: Uint8Array, file: string): void {
  const offset = bytes.indexOf(0)
  if (offset < 0) return
  const { line, column } = lineOfByte(bytes, offset)
  throw new SweeplabError('dataset/encoding', `${file}:${line}:${column}: NUL byte at byte offset ${offset}; this is a binary file or UTF-16 without a byte order mark; save it as UTF-8 text`, {
    details: { file, line, column, offset },
  })
}

/** Throws `dataset/invalid` naming the first physical line longer than `maxChars`. */
export function checkLineLengths(text: string, file: string, maxChars = MAX_LINE_CHARS): void {
  let start = 0
  let line = 1
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    if (end - start > maxChars) {
      throw new SweeplabError('dataset/invalid', `${file}:${line}: line is ${end - start} characters long, over the limit of ${maxChars}; is this a text file?`, {
        details: { file, line },
      })
    }
    start = end + 1
    line++
  }
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF), or bytes.length when the input is valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  const n = bytes.length
  while (i < n) {
    const b = bytes[i] as number
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      else if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      else if (b === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined) return i
      const min = k === 1 ? lo : 0x80
      const max = k === 1 ? hi : 0xbf
      if (c < min || c > max) return i
    }
    i += need + 1
  }
  return n
}

function lineOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
