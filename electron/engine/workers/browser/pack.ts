/**
 * Data crossing to and from a browser GPU worker's page as JSON-safe values: typed arrays become
 * `{ $typed, base64 }`, functions are dropped. Both hosts (Playwright's evaluate, Electron's
 * executeJavaScript) carry JSON; base64 costs a third more bytes and no copy per element in JS.
 */
const TYPED = {
  float32: Float32Array,
  int32: Int32Array,
  uint8: Uint8Array,
} as const

export type TypedName = keyof typeof TYPED

export interface PackedTyped {
  $typed: TypedName
  base64: string
}

/** Bytes as base64 (btoa over chunks: both Node ≥ 16 and browsers have it). */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000
  let bin = ''
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(bin)
}

export function base64ToBytes(base64: string): Uint8Array {
  const bin = atob(base64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

function typedName(v: unknown): TypedName | null {
  if (v instanceof Float32Array) return 'float32'
  if (v instanceof Int32Array) return 'int32'
  if (v instanceof Uint8Array) return 'uint8'
  return null
}

/** `v` with every typed array packed and every function left out (plain objects and arrays are walked). */
export function packValue(v: unknown): unknown {
  const t = typedName(v)
  if (t) {
    const a = v as Float32Array | Int32Array | Uint8Array
    return { $typed: t, base64: bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) } satisfies PackedTyped
  }
  if (Array.isArray(v)) return v.map(packValue)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'function' && x !== undefined) out[k] = packValue(x)
    return out
  }
  return v
}

function isPackedTyped(v: unknown): v is PackedTyped {
  if (v === null || typeof v !== 'object') return false
  const o = v as Record<string, unknown>
  return typeof o.$typed === 'string' && Object.hasOwn(TYPED, o.$typed) && typeof o.base64 === 'string'
}

/** What `packValue` packed, with its typed arrays restored. */
export function unpackValue(v: unknown): unknown {
  if (isPackedTyped(v)) {
    const bytes = base64ToBytes(v.base64)
    const Ctor = TYPED[v.$typed]
    if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`packed ${v.$typed} array has ${bytes.byteLength} bytes`)
    return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT)
  }
  if (Array.isArray(v)) return v.map(unpackValue)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = unpackValue(x)
    return out
  }
  return v
}
