/** One POSIX shell word: bare when it is only safe characters, else single-quoted (`'` as `'\''`). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./:=@%+,]+$/.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}
