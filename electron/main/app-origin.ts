/**
 * Where the app's own page comes from. The built renderer is served on a custom standard scheme
 * (Electron's security checklist, item 18: file:// pages get privileges no web page has, and no
 * response headers, so no CSP header); `electron-vite dev` serves it from a local dev server instead.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'sweeplab'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * `scheme://host[:port]` of a URL, or undefined when it does not parse. Not `URL.origin`: Node
 * answers "null" for schemes it does not know, such as ours.
 */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url)
    return u.host === '' ? undefined : `${u.protocol}//${u.host}`
  } catch {
    return undefined
  }
}

/**
 * A check for "this URL is one of our pages": the app scheme, plus the dev server's origin when the
 * app runs unpackaged under `electron-vite dev`. Everything else (file://, https://, about:blank,
 * data:) is foreign.
 */
export function createTrustedUrlCheck(devServerUrl: string | undefined): (url: string) => boolean {
  const origins = new Set([APP_ORIGIN])
  const dev = devServerUrl ? originOf(devServerUrl) : undefined
  if (dev && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(dev)) origins.add(dev)
  return (url) => {
    const origin = originOf(url)
    return origin !== undefined && origins.has(origin)
  }
}
