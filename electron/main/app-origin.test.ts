import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, createTrustedUrlCheck, originOf } from './app-origin.ts'

describe('trusted page URLs', () => {
  it('trusts the app scheme only, whatever the path or hash', () => {
    const trusted = createTrustedUrlCheck(undefined)
    expect(trusted(APP_ENTRY_URL)).toBe(true)
    expect(trusted('app://sweeplab/index.html#/sweeps/3')).toBe(true)
    expect(trusted('app://sweeplab/assets/index-abc.js')).toBe(true)
    for (const url of ['app://other/index.html', 'app://sweeplab.evil.example/', 'file:///work/out/renderer/index.html', 'https://sweeplab/', 'about:blank', 'data:text/html,hi', 'http://localhost:5173/', 'not a url']) {
      expect(trusted(url), url).toBe(false)
    }
  })

  it('adds the dev server origin when it is on this machine, and nothing else of it', () => {
    const trusted = createTrustedUrlCheck('http://localhost:5173')
    expect(trusted('http://localhost:5173/')).toBe(true)
    expect(trusted('http://localhost:5173/src/main.tsx')).toBe(true)
    expect(trusted('http://localhost:5174/')).toBe(false)
    expect(trusted('https://localhost:5173/')).toBe(false)
    expect(trusted(APP_ENTRY_URL)).toBe(true)
  })

  it('ignores a dev server URL that is not loopback (an environment variable is not a trust decision)', () => {
    const trusted = createTrustedUrlCheck('http://192.168.1.5:5173')
    expect(trusted('http://192.168.1.5:5173/')).toBe(false)
    expect(createTrustedUrlCheck('https://evil.example')('https://evil.example/')).toBe(false)
  })

  it('gives scheme://host for custom schemes, where URL.origin says "null"', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null')
    expect(originOf(APP_ENTRY_URL)).toBe('app://sweeplab')
    expect(originOf('http://127.0.0.1:8080/x?y')).toBe('http://127.0.0.1:8080')
    expect(originOf('file:///etc/passwd')).toBeUndefined()
    expect(originOf('::')).toBeUndefined()
  })
})
