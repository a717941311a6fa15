import { PII_KINDS, type PiiKind } from '../../../../shared/dataset-spec.ts'

/**
 * PII patterns, applied in this order (an earlier replacement hides its text from later patterns,
 * so an e-mail inside a URL counts once, as a URL). Each is written to leave look-alikes alone:
 * see the "must not touch" cases in scrub-pii.test.ts and the rules in docs/datasets.md.
 */
const PATTERNS: ReadonlyArray<{ kind: PiiKind; re: RegExp; accept?: (m: string) => boolean; trim?: boolean }> = [
  // Scheme URLs and www. hosts, up to whitespace or a bracket/quote; trailing sentence punctuation is given back.
  { kind: 'URL', re: /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`]+/gi, trim: true },
  // local@domain.tld; the TLD has 2+ letters, so "a@b" and "user at example dot com" stay.
  { kind: 'EMAIL', re: /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b/g },
  // IPv4 dotted quads with every part 0-255, not part of a longer dotted run (1.2.3.4.5 is a version).
  { kind: 'IP', re: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)(?!\.\w)/g },
  // IPv6: eight groups, or a compressed "::" form with a group of 4 hex digits (fe80::1, 2001:db8::2).
  { kind: 'IP', re: /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?=[0-9a-f:]*[0-9a-f]{4})(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|(?:[0-9a-f]{1,4}:){1,7}:)(?![\w:])/gi },
  // 13-19 digits, plain or in groups of 4-6 split by single spaces or dashes, first digit 2-6 (the
  // card networks' ranges; ISBN-13 starts 978/979), Luhn-valid.
  { kind: 'CARD', re: /(?<![\d-])[2-6]\d{3}(?:[ -]?\d{4,6}){2,4}(?:[ -]?\d{1,4})?(?![\d-]|\.\d)/g, accept: isCardNumber },
  // Phones: "+" and a country code with 8-15 digits in all, or the North American (555) 123-4567 /
  // 555-123-4567 / 555.123.4567 shapes. Bare digit runs are left alone (ids, amounts, dates).
  { kind: 'PHONE', re: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d-])/g, accept: (m) => countDigits(m) >= 8 && countDigits(m) <= 15 },
  { kind: 'PHONE', re: /(?<![\w.+-])(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w-]|\.\d)/g },
]

const TRAILING_PUNCT = /[.,;:!?)\]}]+$/

export interface ScrubResult {
  text: string
  found: Record<PiiKind, number>
}

/** An all-zero count per kind. */
export function emptyPiiCounts(): Record<PiiKind, number> {
  return Object.fromEntries(PII_KINDS.map((k) => [k, 0])) as Record<PiiKind, number>
}

/** Replaces PII in one text with typed placeholders (`<EMAIL>`, `<URL>`, `<IP>`, `<CARD>`, `<PHONE>`) and counts them. */
export function scrubPii(text: string, kinds: ReadonlySet<PiiKind> = new Set(PII_KINDS)): ScrubResult {
  const found = emptyPiiCounts()
  let t = text
  for (const p of PATTERNS) {
    if (!kinds.has(p.kind)) continue
    t = t.replace(p.re, (m: string) => {
      let match = m
      let rest = ''
      if (p.trim === true) {
        const tail = TRAILING_PUNCT.exec(match)
        if (tail) {
          rest = tail[0]
          match = match.slice(0, -rest.length)
        }
      }
      if (p.accept !== undefined && !p.accept(match)) return m
      found[p.kind]++
      return `<${p.kind}>${rest}`
    })
  }
  return { text: t, found }
}

/** Whether a digit string (spaces and dashes ignored) has 13-19 digits and passes the Luhn check. */
export function isCardNumber(s: string): boolean {
  const digits = s.replace(/[ -]/g, '')
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits)
}

/** The Luhn (mod 10) checksum of card numbers: double every second digit from the right. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (d < 0 || d > 9) return false
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

function countDigits(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) n++
  }
  return n
}

/** Scrubs the text column of every row; counts per kind and rows changed. */
export function scrubRows<R extends Record<string, unknown>>(rows: ReadonlyArray<R>, column: string, kinds?: ReadonlySet<PiiKind>): { rows: R[]; found: Record<PiiKind, number>; rowsChanged: number } {
  const found = emptyPiiCounts()
  let rowsChanged = 0
  const out = rows.map((r) => {
    const v = r[column]
    if (typeof v !== 'string') return r
    const s = scrubPii(v, kinds)
    if (s.text === v) return r
    rowsChanged++
    for (const k of PII_KINDS) found[k] += s.found[k]
    return { ...r, [column]: s.text }
  })
  return { rows: out, found, rowsChanged }
}
