import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Where and how big the main window opens; no x/y means "let the OS centre it". */
export interface WindowPlacement {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const
/** Below this the sweep screen's plots and table no longer fit side by side. */
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const
/** A saved position is kept only if at least this much of the window (each way) is on a display. */
export const MIN_VISIBLE_PX = 120
export const WINDOW_STATE_FILE = 'window-state.json'

// Not strict: a file written by a newer version with more fields still restores what it can.
const savedSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
})

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  }
}

function fitSize(size: number, min: number, available: number): number {
  return Math.min(available, Math.max(min, size))
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(v, hi))
}

/**
 * The placement to open the window with, from whatever `window-state.json` held and the displays'
 * work areas now (the first is the primary). A corrupt file gives the default size; a window saved
 * on a display that is gone (or mostly off-screen) keeps its size but is centred; one partly
 * outside its display is moved in and shrunk to fit.
 */
export function restoreWindowState(saved: unknown, workAreas: ReadonlyArray<Rect>): WindowPlacement {
  const parsed = savedSchema.safeParse(saved)
  const primary = workAreas[0]
  const want = parsed.success ? parsed.data : { ...DEFAULT_WINDOW_SIZE, maximized: false }
  if (!primary) return { width: Math.max(MIN_WINDOW_SIZE.width, want.width), height: Math.max(MIN_WINDOW_SIZE.height, want.height), maximized: want.maximized }
  if (want.x !== undefined && want.y !== undefined) {
    const rect = { x: want.x, y: want.y, width: want.width, height: want.height }
    let best: { area: Rect; visible: number } | undefined
    for (const area of workAreas) {
      const o = overlap(rect, area)
      const enough = o.width >= Math.min(MIN_VISIBLE_PX, rect.width) && o.height >= Math.min(MIN_VISIBLE_PX, rect.height)
      if (enough && (!best || o.width * o.height > best.visible)) best = { area, visible: o.width * o.height }
    }
    if (best) {
      const { area } = best
      const width = fitSize(want.width, MIN_WINDOW_SIZE.width, area.width)
      const height = fitSize(want.height, MIN_WINDOW_SIZE.height, area.height)
      return {
        x: clamp(want.x, area.x, area.x + area.width - width),
        y: clamp(want.y, area.y, area.y + area.height - height),
        width,
        height,
        maximized: want.maximized,
      }
    }
  }
  return {
    width: fitSize(want.width, MIN_WINDOW_SIZE.width, primary.width),
    height: fitSize(want.height, MIN_WINDOW_SIZE.height, primary.height),
    maximized: want.maximized,
  }
}

/** The slice of BrowserWindow read when saving. */
export interface WindowLike {
  getNormalBounds(): Rect
  isMaximized(): boolean
  isDestroyed(): boolean
}

/** What to save: the un-maximized bounds (so un-maximizing after a restart goes back there) and the flag. */
export function captureWindowState(win: WindowLike): Required<WindowPlacement> {
  const b = win.getNormalBounds()
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() }
}

export interface StateSaver {
  /** A move or resize happened: save once things have been still for a moment. */
  schedule(): void
  /** Save now if anything changed since the last save. */
  flush(): void
  /** Save now whatever happened (the window is closing or the app quitting). */
  saveNow(): void
}

/**
 * Saves the window's state at most once per `delayMs` of quiet: dragging a window fires dozens of
 * move events a second, and each would otherwise be a file write.
 */
export function createStateSaver(opts: { capture: () => unknown; write: (state: unknown) => void; delayMs?: number }): StateSaver {
  const delayMs = opts.delayMs ?? 500
  let timer: ReturnType<typeof setTimeout> | undefined
  let dirty = false
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (!dirty) return
    dirty = false
    opts.write(opts.capture())
  }
  return {
    schedule() {
      dirty = true
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(flush, delayMs)
    },
    flush,
    saveNow() {
      dirty = true
      flush()
    },
  }
}
