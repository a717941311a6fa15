import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createTrustedUrlCheck } from './app-origin.ts'
import { CONTENT_SECURITY_POLICY, decideNavigation, decidePermission, decideWindowOpen, withSecurityHeaders } from './security-policy.ts'

describe('the content security policy', () => {
  it('is the same in the app, in browser mode and in renderer/index.html', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })

  it('loads scripts from our own origin only, and allows eval for Plotly\'s regl', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name, values] }))
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'", "'unsafe-eval'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
  })

  it('replaces any CSP the response carried, whatever its case, and keeps other headers', () => {
    const out = withSecurityHeaders({ 'content-security-policy': ["script-src *"], 'Content-Type': 'text/html', 'x-frame-options': ['ALLOWALL'] })
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(out['content-security-policy']).toBeUndefined()
    expect(out['x-frame-options']).toBeUndefined()
    expect(out['X-Frame-Options']).toEqual(['DENY'])
    expect(out['X-Content-Type-Options']).toEqual(['nosniff'])
    expect(out['Content-Type']).toEqual(['text/html'])
    expect(withSecurityHeaders(undefined)['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
  })
})

describe('navigation', () => {
  it('opens a file dropped on the window (a navigation no frame started) as a sweep file', () => {
    expect(decideNavigation('file:///home/me/sweeps/lr%20search.yaml', false)).toEqual({ action: 'open-sweep-file', path: '/home/me/sweeps/lr search.yaml' })
    // Any dropped file goes to the opener, which explains when it is not a sweep file.
    expect(decideNavigation('file:///home/me/data.csv', false)).toEqual({ action: 'open-sweep-file', path: '/home/me/data.csv' })
  })

  it('refuses a file:// navigation the page itself starts, so no page can have main read a file for it', () => {
    expect(decideNavigation('file:///home/me/.config/secrets.json', true)).toEqual({ action: 'deny' })
  })

  it('sends links the page follows to https to the browser, and drops dragged-in links', () => {
    expect(decideNavigation('https://docs.wandb.ai/guides/sweeps', true)).toEqual({ action: 'open-external', url: 'https://docs.wandb.ai/guides/sweeps' })
    expect(decideNavigation('https://example.com/', false)).toEqual({ action: 'deny' })
  })

  it('never navigates anywhere else', () => {
    for (const url of ['http://example.com/', 'app://sweeplab/other.html', 'javascript:alert(1)', 'data:text/html,x', 'file://server/share/x.yaml', 'ms-settings:', 'garbage']) {
      expect(decideNavigation(url, true), url).toEqual({ action: 'deny' })
    }
  })
})

describe('new windows', () => {
  it('opens https links in the browser and nothing in a new app window', () => {
    expect(decideWindowOpen('https://github.com/x/y')).toEqual({ action: 'open-external', url: 'https://github.com/x/y' })
    for (const url of ['http://github.com/', 'file:///etc/passwd', 'app://sweeplab/index.html', 'https://user:pw@example.com/', 'smb://host/share', '']) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny' })
    }
  })
})

describe('permissions', () => {
  const trusted = createTrustedUrlCheck(undefined)
  it('allows clipboard writes from our page only', () => {
    expect(decidePermission('clipboard-sanitized-write', 'app://sweeplab/index.html#/sweeps/1', trusted)).toBe(true)
    // The permission check handler passes an origin rather than a URL.
    expect(decidePermission('clipboard-sanitized-write', 'app://sweeplab', trusted)).toBe(true)
    expect(decidePermission('clipboard-sanitized-write', 'https://evil.example/', trusted)).toBe(false)
  })

  it('refuses everything else, even to our page', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(decidePermission(p, 'app://sweeplab/index.html', trusted), p).toBe(false)
    }
  })
})
