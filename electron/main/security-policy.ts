import { SECURITY_HEADERS } from '../server/security.ts'
import { localPathFromUrl } from './sweep-file.ts'

/**
 * The headers every app page gets: one definition for the desktop app and browser mode, so the
 * two cannot drift (renderer/index.html repeats the CSP as a meta tag, and a test holds it equal).
 * Its 'unsafe-eval' is for Plotly's regl (docs/browser-mode.md says why).
 */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = SECURITY_HEADERS
export const CONTENT_SECURITY_POLICY: string = SECURITY_HEADERS['Content-Security-Policy']!

/**
 * Response headers with ours put in place of any the response carried (compared case-insensitively,
 * so a server's own `content-security-policy` cannot loosen the policy).
 */
export function withSecurityHeaders(headers: Readonly<Record<string, string | string[]>> | undefined): Record<string, string[]> {
  const ours = new Set(Object.keys(APP_SECURITY_HEADERS).map((k) => k.toLowerCase()))
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(headers ?? {})) if (!ours.has(k.toLowerCase())) out[k] = Array.isArray(v) ? v : [v]
  for (const [k, v] of Object.entries(APP_SECURITY_HEADERS)) out[k] = [v]
  return out
}

export type NavigationDecision =
  | { action: 'deny' }
  | { action: 'open-external'; url: string }
  | { action: 'open-sweep-file'; path: string }

/**
 * What to do when the window is about to leave its page (`will-navigate`): it never does. With
 * `navigateOnDragDrop`, a file dropped on the window arrives here as a file:// navigation that no
 * frame started (`fromPage` false): that file is opened as a sweep file (the opener explains if it
 * is not one). A link the page itself follows to https goes to the user's browser. A file:// URL
 * the page asks for is refused, or a page could have main read any file for it.
 */
export function decideNavigation(url: string, fromPage: boolean): NavigationDecision {
  const path = localPathFromUrl(url)
  if (path !== undefined) return fromPage ? { action: 'deny' } : { action: 'open-sweep-file', path }
  // A link dragged in from a browser is not a request to open it again in one.
  return fromPage ? decideWindowOpen(url) : { action: 'deny' }
}

/** `window.open` and target=_blank links: https only, and in the user's browser, never in a new app window. */
export function decideWindowOpen(url: string): { action: 'deny' } | { action: 'open-external'; url: string } {
  try {
    const u = new URL(url)
    if (u.protocol === 'https:' && u.username === '' && u.password === '') return { action: 'open-external', url: u.href }
  } catch {
    // Not a URL at all: nothing to open.
  }
  return { action: 'deny' }
}

/**
 * Permissions a page may have: writing to the clipboard (copy a config or a command), and only for
 * our own pages. Camera, microphone, geolocation, notifications, MIDI, HID and the rest are refused.
 */
export function decidePermission(permission: string, requestingUrl: string, isTrusted: (url: string) => boolean): boolean {
  return permission === 'clipboard-sanitized-write' && isTrusted(requestingUrl)
}
