import { afterEach, describe, expect, it, vi } from 'vitest'
import { captureWindowState, createStateSaver, DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, restoreWindowState, type Rect } from './window-state.ts'

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 }
const monitorRight: Rect = { x: 1440, y: 0, width: 2560, height: 1440 }

describe('restoring the window', () => {
  it('opens at the default size, centred, without a saved state or with a corrupt one', () => {
    const centred = { width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height, maximized: false }
    for (const saved of [undefined, null, 'garbage', { width: 'wide' }, { width: -5, height: 10 }, [1, 2]]) {
      expect(restoreWindowState(saved, [laptop]), JSON.stringify(saved)).toEqual(centred)
    }
  })

  it('puts a window back where it was, on whichever display it was', () => {
    expect(restoreWindowState({ x: 100, y: 80, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: false })
    expect(restoreWindowState({ x: 2000, y: 200, width: 1600, height: 1000 }, [laptop, monitorRight])).toEqual({ x: 2000, y: 200, width: 1600, height: 1000, maximized: false })
  })

  it('keeps the size but centres a window whose display is gone', () => {
    expect(restoreWindowState({ x: 2000, y: 200, width: 1200, height: 800, maximized: true }, [laptop])).toEqual({ width: 1200, height: 800, maximized: true })
  })

  it('centres a window that only a sliver of shows', () => {
    expect(restoreWindowState({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false })
    expect(restoreWindowState({ x: 100, y: 850, width: 1000, height: 700 }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false })
  })

  it('moves a window that hangs over the edge back onto its display, and shrinks one larger than it', () => {
    expect(restoreWindowState({ x: 900, y: 0, width: 1000, height: 700 }, [laptop])).toEqual({ x: 440, y: 25, width: 1000, height: 700, maximized: false })
    expect(restoreWindowState({ x: -50, y: 25, width: 3000, height: 2000 }, [laptop])).toEqual({ x: 0, y: 25, width: 1440, height: 875, maximized: false })
  })

  it('never opens smaller than the minimum size, unless the display itself is smaller', () => {
    expect(restoreWindowState({ x: 10, y: 30, width: 200, height: 100 }, [laptop])).toMatchObject({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height })
    const tiny: Rect = { x: 0, y: 0, width: 640, height: 480 }
    expect(restoreWindowState({ width: 1280, height: 820 }, [tiny])).toEqual({ width: 640, height: 480, maximized: false })
  })

  it('prefers the display that shows most of a window spanning two', () => {
    const placed = restoreWindowState({ x: 1300, y: 100, width: 1200, height: 800 }, [laptop, monitorRight])
    expect(placed).toEqual({ x: 1440, y: 100, width: 1200, height: 800, maximized: false })
  })

  it('keeps unknown fields from a newer version from spoiling the restore', () => {
    expect(restoreWindowState({ x: 10, y: 30, width: 900, height: 600, maximized: false, zoom: 1.2 }, [laptop])).toEqual({ x: 10, y: 30, width: 900, height: 600, maximized: false })
  })
})

describe('saving the window', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('captures the normal (un-maximized) bounds, rounded, and the maximized flag', () => {
    const win = { getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 1000, height: 700 }), isMaximized: () => true, isDestroyed: () => false }
    expect(captureWindowState(win)).toEqual({ x: 10, y: 21, width: 1000, height: 700, maximized: true })
  })

  it('writes once after a burst of moves has settled, and at once on close', () => {
    vi.useFakeTimers()
    let n = 0
    const write = vi.fn()
    const saver = createStateSaver({ capture: () => ++n, write, delayMs: 500 })
    for (let i = 0; i < 30; i++) {
      saver.schedule()
      vi.advanceTimersByTime(16)
    }
    expect(write).not.toHaveBeenCalled()
    vi.advanceTimersByTime(500)
    expect(write.mock.calls).toEqual([[1]])
    saver.flush()
    expect(write).toHaveBeenCalledTimes(1)
    saver.schedule()
    saver.saveNow()
    vi.advanceTimersByTime(1000)
    expect(write.mock.calls).toEqual([[1], [2]])
    saver.saveNow()
    expect(write.mock.calls).toEqual([[1], [2], [3]])
  })
})
