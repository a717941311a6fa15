import { describe, expect, it } from 'vitest'
import { fadedViridis, fadeFloor, parseColor, seriesColor, SERIES_COLORS } from './palette.ts'

describe('palette', () => {
  it('parses the colour forms CSS variables and computed styles produce', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255])
    expect(parseColor(' #15181c ')).toEqual([21, 24, 28])
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3])
    expect(parseColor('rgba(1 2 3 / 50%)')).toEqual([1, 2, 3])
    expect(parseColor('var(--bg)')).toBeNull()
  })

  it('fades only past 500 lines, and never below a fifth', () => {
    expect(fadeFloor(500)).toBe(1)
    expect(fadeFloor(2000)).toBeCloseTo(0.5, 12)
    expect(fadeFloor(1e6)).toBe(0.2)
  })

  it('fades the worse end towards the background and keeps the best end as it is', () => {
    const dark = fadedViridis('#000000', 0.2)
    expect(dark[0]).toEqual([0, `rgb(${[0x44, 0x01, 0x54].map((v) => Math.round(v * 0.2)).join(',')})`])
    expect(dark[dark.length - 1]).toEqual([1, 'rgb(253,231,37)'])
    expect(fadedViridis(undefined, 0.2)[0]).toEqual([0, '#440154'])
  })

  it('cycles series colours', () => {
    expect(seriesColor(SERIES_COLORS.length)).toBe(seriesColor(0))
    expect(seriesColor(-1)).toBe(SERIES_COLORS[SERIES_COLORS.length - 1])
  })
})
