import { describe, expect, it, vi } from 'vitest'
import type { SweepFileResult } from './sweep-file.ts'
import { createSweepFileOpener } from './sweep-file-opener.ts'

function setup(read: (path: string) => Promise<SweepFileResult>) {
  const log: string[] = []
  const open = createSweepFileOpener({
    read,
    deliver: (file) => void log.push(`deliver ${file.fileName}`),
    showError: (title, body) => void log.push(`error ${title}: ${body}`),
    remember: (path) => void log.push(`remember ${path}`),
    forget: (path) => void log.push(`forget ${path}`),
  })
  return { open, log }
}

describe('opening a sweep file', () => {
  it('delivers a readable file to the window and adds it to Open Recent', async () => {
    const { open, log } = setup(async (path) => ({ ok: true, file: { text: 'method: grid', fileName: path } }))
    expect(await open('/s/a.yaml')).toBe(true)
    expect(log).toEqual(['remember /s/a.yaml', 'deliver /s/a.yaml'])
  })

  it('shows the path and the reason when it cannot, and drops the file from Open Recent', async () => {
    const { open, log } = setup(async (path) => ({ ok: false, path, reason: 'the file does not exist (moved or deleted?)' }))
    expect(await open('/s/gone.yaml')).toBe(false)
    expect(log).toEqual(['forget /s/gone.yaml', 'error Cannot open sweep file: /s/gone.yaml\n\nthe file does not exist (moved or deleted?)'])
  })

  it('opens files one after the other, in the order asked, even when reads finish out of order', async () => {
    const delays: Record<string, number> = { '/a.yaml': 30, '/b.yaml': 0 }
    const read = vi.fn(async (path: string): Promise<SweepFileResult> => {
      await new Promise((r) => setTimeout(r, delays[path]))
      return { ok: true, file: { text: '', fileName: path } }
    })
    const { open, log } = setup(read)
    await Promise.all([open('/a.yaml'), open('/b.yaml')])
    expect(log.filter((l) => l.startsWith('deliver'))).toEqual(['deliver /a.yaml', 'deliver /b.yaml'])
  })

  it('keeps working after a read throws', async () => {
    let first = true
    const { open, log } = setup(async (path) => {
      if (first) {
        first = false
        throw new Error('boom')
      }
      return { ok: true, file: { text: '', fileName: path } }
    })
    await expect(open('/a.yaml')).rejects.toThrow('boom')
    expect(await open('/b.yaml')).toBe(true)
    expect(log).toEqual(['remember /b.yaml', 'deliver /b.yaml'])
  })
})
