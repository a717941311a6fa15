import type { Session } from 'electron'
import { decidePermission, withSecurityHeaders } from './security-policy.ts'

/**
 * Session-wide rules (Electron's checklist items 5 and 7): permissions refused but clipboard writes
 * from our pages, no device access, and our security headers (the CSP first) on every response for
 * our pages. The app scheme's handler sets them too; the dev server does not, so both places do.
 */
export function applySessionSecurity(ses: Session, isTrustedUrl: (url: string) => boolean): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(decidePermission(permission, details.requestingUrl, isTrustedUrl)))
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => decidePermission(permission, requestingOrigin, isTrustedUrl))
  ses.setDevicePermissionHandler(() => false)
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (isTrustedUrl(details.url)) callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) })
    else callback({})
  })
}
