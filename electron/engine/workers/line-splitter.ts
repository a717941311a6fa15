/** Splits a byte stream into lines; a partial last line waits for the next chunk (or `end()`). */
export function createLineSplitter(onLine: (line: string) => void, maxLineBytes = 1_048_576) {
  let buf = ''
  return {
    push(chunk: string): void {
      buf += chunk
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        onLine(line.endsWith('\r') ? line.slice(0, -1) : line)
      }
      // A line with no newline in sight must not grow memory without bound.
      if (buf.length > maxLineBytes) {
        onLine(buf)
        buf = ''
      }
    },
    end(): void {
      if (buf.length > 0) onLine(buf)
      buf = ''
    },
  }
}
