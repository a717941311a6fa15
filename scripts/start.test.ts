import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../', import.meta.url))
const URL_LINE = /at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})\n/

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('npm start without Electron says so in one line, serves the app in browser mode, and stops cleanly on Ctrl-C (even when npm repeats it)', async () => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-start-'))
  const db = join(dir, 'ws.db')
  // The Node running this test is the project's Node 24, the one `npm start` uses. Not through
  // npx: npm re-raises a forwarded SIGINT on itself, which would hide the script's exit status.
  // Its own process group, so the test can signal the whole group as a terminal's Ctrl-C does.
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--db', db, '--port', '0'], {
    cwd: root,
    env: { ...process.env, SWEEPLAB_NO_ELECTRON: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    // The first run may build the renderer (a few seconds, more on a busy machine).
    await expect.poll(() => (child.exitCode !== null ? `exited: ${stderr}` : URL_LINE.test(stdout)), { timeout: 150_000, interval: 200 }).toBe(true)
    const [, base, token] = URL_LINE.exec(stdout)!

    expect(stderr.split('\n')[0]).toBe('SWEEPLAB_NO_ELECTRON is set: starting browser mode.')
    expect(stdout).toBe(`sweeplab serving ${db} at ${base}/?token=${token}\n`)

    const auth = { Authorization: `Bearer ${token}` }
    const page = await fetch(`${base}/`, { headers: auth })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const html = await page.text()
    expect(html).toContain('<div id="root"></div>')
    const script = /<script type="module" crossorigin src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const bundle = await fetch(`${base}${script}`, { headers: auth })
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/javascript/)
    expect((await fetch(`${base}/`)).status).toBe(401)

    const call = await fetch(`${base}/api/call`, { method: 'POST', headers: auth, body: JSON.stringify({ id: 1, method: 'listSweeps', args: {} }) })
    expect(await call.json()).toEqual({ id: 1, ok: true, result: [] })
  } finally {
    if (child.exitCode === null) {
      // A terminal's Ctrl-C, then the copy npm forwards a moment later: the second must not cut the shutdown short.
      process.kill(-child.pid!, 'SIGINT')
      await new Promise((r) => setTimeout(r, 20))
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT')
    }
  }
  expect(await exited).toBe(0)
  expect(stderr).toMatch(/SIGINT: stopping the server/)
  expect(stderr).not.toMatch(/Error|at .*\.ts:\d+/)
  expect(existsSync(db)).toBe(true)
}, 180_000)
