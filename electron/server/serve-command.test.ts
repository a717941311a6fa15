import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/program.ts'
import { serveWorkspace } from '../cli/commands/serve.ts'
import { createTestCli } from '../cli/testing/capture.ts'

const URL_LINE = /at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})\n/

describe('sweeplab serve', () => {
  it('prints the URL with the token in one line, serves until SIGINT, then shuts the engine down', async () => {
    const cli = createTestCli()
    const exit = runCli(['serve', '--no-open'], cli.ctx)
    await expect.poll(() => cli.stdout.text).toMatch(URL_LINE)
    expect(cli.stdout.text.split('\n').filter(Boolean)).toHaveLength(1)
    const [, url, token] = URL_LINE.exec(cli.stdout.text)!
    const res = await fetch(`${url}/api/call`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ id: 1, method: 'listSweeps', args: {} }) })
    expect(await res.json()).toMatchObject({ id: 1, ok: true })
    cli.signal('SIGINT')
    expect(await exit).toBe(0)
    expect(cli.engines[0]!.shutdownCalls).toHaveLength(1)
    await expect(fetch(`${url}/`)).rejects.toThrow()
  })

  it('takes a Ctrl-C forwarded twice as one, and a later one as "stop the trials now"', async () => {
    const cli = createTestCli()
    let clock = 1_000
    cli.ctx.now = () => clock
    const exit = runCli(['serve', '--no-open'], cli.ctx)
    await expect.poll(() => cli.stdout.text).toMatch(URL_LINE)
    cli.signal('SIGINT')
    cli.signal('SIGINT')
    expect(cli.stderr.text).not.toMatch(/again/)
    clock += 5_000
    cli.signal('SIGINT')
    expect(await exit).toBe(0)
    expect(cli.stderr.text).toMatch(/SIGINT again: stopping running trials now/)
    expect(cli.engines[0]!.shutdownCalls.map((c) => c?.graceMs)).toContain(0)
  })

  it('serves a static folder, and says how to build the app when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweeplab-serve-'))
    writeFileSync(join(dir, 'index.html'), '<p>app</p>')
    try {
      const cli = createTestCli()
      const exit = serveWorkspace(cli.ctx, { open: false, staticDir: dir }, {})
      await expect.poll(() => cli.stdout.text).toMatch(URL_LINE)
      const [, url, token] = URL_LINE.exec(cli.stdout.text)!
      expect(await (await fetch(`${url}/`, { headers: { Authorization: `Bearer ${token}` } })).text()).toBe('<p>app</p>')
      expect(cli.stderr.text).toBe('')
      cli.signal('SIGTERM')
      expect(await exit).toBe(0)

      const bare = createTestCli()
      const exit2 = serveWorkspace(bare.ctx, { open: false, staticDir: join(dir, 'nope') }, {})
      await expect.poll(() => bare.stdout.text).toMatch(URL_LINE)
      expect(bare.stderr.text).toMatch(/npm run build/)
      bare.signal('SIGINT')
      expect(await exit2).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a non-loopback --host without --allow-remote (exit 2), and warns with it', async () => {
    const cli = createTestCli()
    expect(await runCli(['serve', '--no-open', '--host', '0.0.0.0'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toMatch(/--allow-remote/)
    expect(cli.engines).toHaveLength(0)

    const remote = createTestCli()
    const exit = runCli(['serve', '--no-open', '--host', '0.0.0.0', '--allow-remote'], remote.ctx)
    await expect.poll(() => remote.stdout.text).toMatch(URL_LINE)
    expect(remote.stderr.text).toMatch(/^warning: serving on 0\.0\.0\.0/)
    remote.signal('SIGINT')
    expect(await exit).toBe(0)
  })

  it('rejects a bad --port with exit 2', async () => {
    const cli = createTestCli()
    expect(await runCli(['serve', '--no-open', '--port', '70000'], cli.ctx)).toBe(2)
  })
})
