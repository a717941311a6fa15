/** Polls until `fn` returns a truthy value; the error names what was awaited and the last value seen. */
export async function pollUntil<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: { what: string; timeoutMs?: number; intervalMs?: number; describe?: () => Promise<string> | string },
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000
  const end = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      lastError = e
    }
    if (Date.now() > end) {
      const state = opts.describe ? ` (${await opts.describe()})` : ''
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : ''
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${opts.what}${state}${cause}`)
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100))
  }
}
