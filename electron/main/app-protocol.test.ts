import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAppProtocolHandler } from './app-protocol.ts'
import { CONTENT_SECURITY_POLICY } from './security-policy.ts'

describe('the app:// protocol handler', () => {
  let dir: string
  let root: string
  let handle: (req: Request) => Promise<Response>
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-protocol-'))
    root = join(dir, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>')
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(dir, 'secret.txt'), 'outside')
    handle = createAppProtocolHandler(root)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const get = (url: string, method = 'GET') => handle(new Request(url, { method }))

  it('serves the built renderer with its content type and the security headers', async () => {
    const page = await get('app://sweeplab/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<div id="root">')
    const script = await get('app://sweeplab/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
  })

  it('serves index.html for the root, ignoring the query and the hash route', async () => {
    expect(await (await get('app://sweeplab/')).text()).toContain('id="root"')
    expect((await get('app://sweeplab/index.html?x=1#/sweeps/2')).status).toBe(200)
  })

  it('answers HEAD without a body', async () => {
    const res = await get('app://sweeplab/index.html', 'HEAD')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String('<!doctype html><div id="root"></div>'.length))
    expect(await res.text()).toBe('')
  })

  it('never serves anything outside the renderer folder', async () => {
    symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'))
    for (const url of [
      'app://sweeplab/../secret.txt',
      'app://sweeplab/%2e%2e/secret.txt',
      'app://sweeplab/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://sweeplab/assets/..%5c..%5csecret.txt',
      'app://sweeplab/index.html%00.js',
      'app://sweeplab/link.txt',
      'app://sweeplab/assets',
      'app://sweeplab/assets/',
      'app://sweeplab/missing.js',
      'app://sweeplab/%E0%A4%A',
    ]) {
      const res = await get(url)
      expect(res.status, url).toBe(404)
      expect(await res.text(), url).not.toContain('outside')
    }
  })

  it('answers only our host, and only GET and HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404)
    expect((await get('app://sweeplab/index.html', 'POST')).status).toBe(405)
    expect((await get('app://sweeplab/index.html', 'DELETE')).status).toBe(405)
  })
})
