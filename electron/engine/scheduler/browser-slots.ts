import type { BrowserTrainingHost } from '../workers/browser/host.ts'
import { openPageChannel, type PageChannel } from '../workers/browser/page-channel.ts'
import type { FromPage, ToPage } from '../workers/browser/page-protocol.ts'

export interface BrowserSlotHooks {
  /** A message from the page of `slot` (already checked). */
  message(slot: number, msg: FromPage): void
  /** The page of `slot` crashed, closed or broke the protocol; a new one opens on next use. */
  gone(slot: number, reason: string): void
  log(msg: string): void
}

interface Slot {
  id: number
  inUse: boolean
  channel: PageChannel | null
  opening: Promise<PageChannel> | null
  /** The trial the page is training (between its `run` and its `finished`). */
  training: number | null
}

/**
 * The browser GPU worker slots: one page each, opened on first use and kept across trials (its
 * shaders and backend stay warm), reopened after a crash. A slot whose page did not finish its
 * trial (a killed worker, a cancel the page ignored) gets a fresh page, so a stuck trial can never
 * hold the next one up.
 */
export function createBrowserSlots(host: BrowserTrainingHost, count: number, hooks: BrowserSlotHooks) {
  const slots: Slot[] = Array.from({ length: count }, (_, id) => ({ id, inUse: false, channel: null, opening: null, training: null }))
  let closed = false

  function open(s: Slot): Promise<PageChannel> {
    s.opening ??= (async () => {
      const page = await host.openPage()
      const channel = await openPageChannel(page, (m) => {
        if (m.type === 'finished' && s.training === m.trialId) s.training = null
        hooks.message(s.id, m)
      })
      s.channel = channel
      void channel.gone.then((why) => {
        if (s.channel !== channel) return
        s.channel = null
        s.training = null
        if (!closed) hooks.gone(s.id, why)
      })
      const backends = channel.hello.backends.map((b) => `${b.name}${b.available ? '' : ' (unavailable)'}: ${b.detail}`).join('; ')
      hooks.log(`browser GPU worker ${s.id} opened in ${host.name}: ${backends}`)
      return channel
    })().finally(() => {
      s.opening = null
    })
    return s.opening
  }

  function recycle(s: Slot, why: string): void {
    const ch = s.channel
    s.channel = null
    s.training = null
    if (ch) {
      hooks.log(`browser GPU worker ${s.id}: ${why}; its page is replaced`)
      void ch.close().catch(() => undefined)
    }
  }

  return {
    get name(): string {
      return host.name
    },
    get total(): number {
      return count
    },
    free(): number {
      return slots.filter((s) => !s.inUse).length
    },
    /** Reserves a free slot (its page may still have to open: `ready`). */
    take(): number | null {
      const s = slots.find((x) => !x.inUse)
      if (!s) return null
      s.inUse = true
      return s.id
    },
    /** Resolves when the slot's page is open and answering; rejects with why it could not open. */
    async ready(id: number): Promise<void> {
      const s = slots[id]!
      if (!s.channel) await open(s)
    },
    send(id: number, msg: ToPage): void {
      const s = slots[id]!
      if (!s.channel) {
        // The page died between the trial's start and this message; `gone` was (or will be) reported.
        hooks.gone(id, 'is not open')
        return
      }
      if (msg.type === 'run') s.training = msg.trialId
      s.channel.send(msg)
    },
    /** Frees the slot; a page still training gets replaced. */
    release(id: number): void {
      const s = slots[id]!
      s.inUse = false
      if (s.training !== null) recycle(s, `trial ${s.training} ended without its page finishing it`)
    },
    async close(): Promise<void> {
      closed = true
      await Promise.all(slots.map(async (s) => {
        const ch = s.channel ?? (await s.opening?.catch(() => null)) ?? null
        s.channel = null
        await ch?.close().catch(() => undefined)
      }))
    },
  }
}

export type BrowserSlots = ReturnType<typeof createBrowserSlots>
