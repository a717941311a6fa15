/** Normalization options (the sweep file's `clean.normalize`, defaults filled). */
export interface NormalizeOptions {
  nfkc: boolean
  lowercase: boolean
  punctuation: 'keep' | 'collapse' | 'strip'
  whitespace: 'keep' | 'collapse' | 'single-line'
}

/** What `normalize: true` means. */
export const DEFAULT_NORMALIZE: Readonly<NormalizeOptions> = { nfkc: true, lowercase: true, punctuation: 'keep', whitespace: 'collapse' }

/** Zero-width and bidi control characters that NFKC keeps but that make equal-looking texts differ. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g
/** Control characters other than tab and newline (after \r\n → \n). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
const REPEATED_PUNCT = /(\p{P})\1+/gu
const PUNCT = /\p{P}/gu
const HSPACE = /[^\S\n]+/g

/**
 * Normalizes one text: \r\n and \r → \n, invisible characters (zero-width spaces, soft hyphens, BOM)
 * and control characters removed, then NFKC, lowercase, punctuation and whitespace as configured.
 */
export function normalizeText(text: string, o: NormalizeOptions): string {
  let t = text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(CONTROL, '')
  if (o.nfkc) t = t.normalize('NFKC')
  if (o.lowercase) t = t.toLowerCase()
  if (o.punctuation === 'collapse') t = t.replace(REPEATED_PUNCT, '$1')
  else if (o.punctuation === 'strip') t = t.replace(PUNCT, ' ')
  if (o.whitespace === 'collapse') t = collapseWhitespace(t)
  else if (o.whitespace === 'single-line') t = t.replace(/\s+/g, ' ').trim()
  return t
}

/** Runs of spaces and tabs → one space, lines trimmed, three or more newlines → two (one blank line). */
export function collapseWhitespace(text: string): string {
  return text
    .replace(HSPACE, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The key exact deduplication compares: NFKC, lowercase, all whitespace runs as one space, trimmed. */
export function dedupKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(/\s+/g, ' ').trim()
}

/** Normalizes the text column of every row; returns the new rows and how many texts changed. */
export function normalizeRows<R extends Record<string, unknown>>(rows: ReadonlyArray<R>, column: string, o: NormalizeOptions): { rows: R[]; changed: number } {
  let changed = 0
  const out = rows.map((r) => {
    const v = r[column]
    if (typeof v !== 'string') return r
    const t = normalizeText(v, o)
    if (t === v) return r
    changed++
    return { ...r, [column]: t }
  })
  return { rows: out, changed }
}
