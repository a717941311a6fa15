import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PreparedDataset } from './prepared-types.ts'

/** Bump when the pipeline's output for the same input changes: old cache entries are then never read. */
export const CACHE_FORMAT_VERSION = 1

const ARRAY_TYPES = { Int32Array, Float32Array } as const
type ArrayTypeName = keyof typeof ARRAY_TYPES
type StoredArray = Int32Array | Float32Array

interface ArrayRef {
  $array: number
}

interface CacheMeta {
  version: number
  key: string
  binBytes: number
  binSha256: string
  arrays: Array<{ type: ArrayTypeName; offset: number; length: number }>
  dataset: unknown
}

/** `<workspace dir>/cache/datasets`. */
export function preparedCacheDir(workspaceDir: string): string {
  return join(workspaceDir, 'cache', 'datasets')
}

/**
 * Stores a prepared dataset as `<key>.bin` (all typed arrays, 8-byte aligned) and `<key>.json` (the
 * rest, the arrays' places, and the .bin's sha256). Each file is written to a unique temporary name
 * and renamed into place, .bin first, so two workers preparing the same key never see a torn file:
 * rename is atomic, and both write identical bytes.
 */
export function writePreparedCache(dir: string, ds: PreparedDataset): void {
  mkdirSync(dir, { recursive: true })
  const arrays: StoredArray[] = []
  const dataset = JSON.parse(JSON.stringify({ ...ds, fromCache: false }, (_k, v: unknown) => {
    if (v instanceof Int32Array || v instanceof Float32Array) {
      arrays.push(v)
      return { $array: arrays.length - 1 } satisfies ArrayRef
    }
    return v
  })) as unknown
  const places: CacheMeta['arrays'] = []
  let offset = 0
  for (const a of arrays) {
    places.push({ type: a instanceof Int32Array ? 'Int32Array' : 'Float32Array', offset, length: a.length })
    offset += Math.ceil(a.byteLength / 8) * 8
  }
  const bin = Buffer.alloc(offset)
  arrays.forEach((a, i) => bin.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), places[i]?.offset))
  const meta: CacheMeta = { version: CACHE_FORMAT_VERSION, key: ds.key, binBytes: bin.length, binSha256: sha256(bin), arrays: places, dataset }
  atomicWrite(join(dir, `${ds.key}.bin`), bin)
  atomicWrite(join(dir, `${ds.key}.json`), JSON.stringify(meta))
}

/** The cached dataset for `key`, or undefined when there is none or it does not check out (then it is rebuilt). */
export function readPreparedCache(dir: string, key: string): PreparedDataset | undefined {
  let meta: CacheMeta
  let bin: Buffer
  try {
    meta = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as CacheMeta
    if (meta.version !== CACHE_FORMAT_VERSION || meta.key !== key) return undefined
    bin = readFileSync(join(dir, `${key}.bin`))
  } catch {
    // A missing or half-removed entry is a cache miss: the caller prepares the data again.
    return undefined
  }
  if (bin.length !== meta.binBytes || sha256(bin) !== meta.binSha256) return undefined
  // Each array gets its own buffer: readFileSync's Buffer may sit at any byte offset, and a trainer
  // may hand an array's buffer to TF.js or a worker without copying.
  const arrays = meta.arrays.map((p) => {
    const bytes = p.length * 4 // both element types are 4 bytes
    const own = new ArrayBuffer(bytes)
    new Uint8Array(own).set(bin.subarray(p.offset, p.offset + bytes))
    return new ARRAY_TYPES[p.type](own)
  })
  const dataset = revive(meta.dataset, arrays) as PreparedDataset
  return { ...dataset, fromCache: true }
}

function revive(v: unknown, arrays: ReadonlyArray<StoredArray>): unknown {
  if (Array.isArray(v)) return v.map((x) => revive(x, arrays))
  if (v !== null && typeof v === 'object') {
    const ref = (v as Partial<ArrayRef>).$array
    if (typeof ref === 'number') return arrays[ref]
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x, arrays)]))
  }
  return v
}

function atomicWrite(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(tmp, data)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex')
}
