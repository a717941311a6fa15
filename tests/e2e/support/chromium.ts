import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/**
 * Flags from PLATFORM.md §3/§6: WebGL through SwiftShader, asked for explicitly (never
 * `--use-gl=swiftshader`, which leaves no WebGL at all), and no background network or profile noise.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const VIEWPORT = { width: 1440, height: 960 } as const

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: install Debian's (apt-get install chromium fonts-liberation) or set CHROMIUM_PATH`)
  }
  return path
}

/** Debian's Chromium, headless; playwright-core downloads no browser of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] })
}

export interface WatchedPage {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions and console errors of the page, in order. */
  errors: string[]
  /** Throws when the page reported an error: a flow that "passes" over a crashed screen is not a pass. */
  assertNoErrors(): void
}

/** A fresh context (own cookies and storage) and page, with every page error recorded. */
export async function openWatchedPage(browser: Browser, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: opts.colorScheme ?? 'light' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.stack ?? e.message}`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const where = msg.location().url
    // Chromium asks for /favicon.ico on its own when the page names no icon; that 404 is not the app's.
    if (new URL(where, 'http://x').pathname === '/favicon.ico') return
    errors.push(`console.error: ${msg.text()} (${where}:${msg.location().lineNumber})`)
  })
  page.on('crash', () => errors.push('the page crashed'))
  return {
    context,
    page,
    errors,
    assertNoErrors() {
      if (errors.length) throw new Error(`the page reported ${errors.length} error(s):\n${errors.join('\n')}`)
    },
  }
}
