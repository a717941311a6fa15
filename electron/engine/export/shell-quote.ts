// Characters bash leaves alone in an unquoted word. `~` is out: bash expands it after `=`
// even in `--x=~/a`. `!`, `*`, `?`, `[`, `{`, `$`, `` ` `` and whitespace are out for the obvious reasons.
const SAFE = /^[A-Za-z0-9_\-.,:/@%+=]+$/
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Quotes one word so bash reads it back byte for byte: bare when safe, '…' otherwise (a `'`
 * becomes `'\''`), or $'…' when it holds control characters, so the result stays on one line.
 */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word
  if (CONTROL.test(word)) return `$'${escapeAnsiC(word)}'`
  return `'${word.replaceAll("'", `'\\''`)}'`
}

function escapeAnsiC(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\' || ch === "'") out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return out
}
