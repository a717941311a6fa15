import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createHttpBridge } from './http-bridge.ts'
import { contentTypeFor, resolveStaticPath } from './static-files.ts'
import { fakeEngine, rawRequest } from './test-helpers.ts'

const base = mkdtempSync(join(tmpdir(), 'sweeplab-static-'))
const root = join(base, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html><title>sweeplab</title>')
writeFileSync(join(root, 'assets', 'app.js'), 'export {}')
writeFileSync(join(root, 'assets', 'app.css'), 'body{}')
writeFileSync(join(base, 'secret.txt'), 'outside')
symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'))

const bridge = await createHttpBridge({ engine: fakeEngine(), staticDir: root })
const get = (path: string) => rawRequest(bridge.url, { path, headers: { Authorization: `Bearer ${bridge.token}` } })
afterAll(async () => {
  await bridge.close()
  rmSync(base, { recursive: true, force: true })
})

describe('static files', () => {
  it('serves index.html for / and files with their content types', async () => {
    const index = await get('/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.body).toContain('<title>sweeplab</title>')
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    expect(contentTypeFor('x.wasm')).toBe('application/wasm')
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
  })

  it('never lists a directory and answers 404 for what is not there', async () => {
    expect((await get('/assets')).status).toBe(404)
    expect((await get('/assets/')).status).toBe(404)
    expect((await get('/missing.js')).status).toBe(404)
  })

  it('cannot be made to leave its folder', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/index.html%00.js', '/..%5csecret.txt', '/..\\secret.txt', '/assets\\..\\..\\secret.txt', '/%252e%252e/secret.txt', '/%E0%A4%A', '/link.txt']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.body, path).not.toContain('outside')
    }
    expect(resolveStaticPath(root, '/../secret.txt')).toBeUndefined()
    expect(resolveStaticPath(root, '/%2e%2e/secret.txt')).toBeUndefined()
    expect(resolveStaticPath(root, '/a/%00')).toBeUndefined()
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'))
  })

  it('serves only the API when there is no static folder', async () => {
    const apiOnly = await createHttpBridge({ engine: fakeEngine() })
    const res = await rawRequest(apiOnly.url, { path: '/', headers: { Authorization: `Bearer ${apiOnly.token}` } })
    await apiOnly.close()
    expect(res.status).toBe(404)
    expect(res.body).toMatch(/npm run build/)
  })
})
