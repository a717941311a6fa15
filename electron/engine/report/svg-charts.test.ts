import { describe, expect, it } from 'vitest'
import { barChartSvg, escapeXml, lineChartSvg, niceTicks, scatterSvg, svgDataUri } from './svg-charts.ts'

/** Well-formed enough for an XML parser: one root, every tag closed in order, attributes quoted. */
function checkXml(svg: string): void {
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/)
  const stack: string[] = []
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m
    if (self) continue
    if (close) expect(stack.pop()).toBe(name)
    else stack.push(name!)
  }
  expect(stack).toEqual([])
  // Nothing but tags and text: no stray '<' and no non-finite numbers.
  expect(svg.replace(/<[^>]*>/g, '')).not.toContain('<')
  expect(svg).not.toMatch(/NaN|Infinity|undefined/)
}

const coords = (svg: string, tag: 'circle') => [...svg.matchAll(new RegExp(`<${tag} cx="([-\\d.]+)" cy="([-\\d.]+)"`, 'g'))].map((m) => [Number(m[1]), Number(m[2])])

describe('svg charts', () => {
  it('a line chart draws one polyline per series with a point per step, in the plot area, higher values higher up', () => {
    const svg = lineChartSvg({ title: 'loss <curves>', xLabel: 'step', yLabel: 'loss', series: [
      { name: 'trial 1', points: [[0, 1], [1, 0.5], [2, 0.25]] },
      { name: 'trial 2 & co', points: [[0, 2], [1, null], [2, 1], [3, 0.5]] },
    ] })
    checkXml(svg)
    expect(svg).toContain('<title>loss &lt;curves&gt;</title>')
    expect(svg).toContain('>trial 2 &amp; co<')
    // Series 2's null breaks its line: one run of 1 point (not drawn as a line) and one of 2.
    expect((svg.match(/<polyline /g) ?? []).length).toBe(2)
    const dots = coords(svg, 'circle')
    expect(dots).toHaveLength(6)
    for (const [x, y] of dots) {
      expect(x).toBeGreaterThanOrEqual(64)
      expect(x).toBeLessThanOrEqual(640 - 16)
      expect(y).toBeGreaterThanOrEqual(36)
      expect(y).toBeLessThanOrEqual(320 - 44)
    }
    // Trial 1: y decreases in value → its dots go down the screen (larger cy).
    expect(dots[0]![1]).toBeLessThan(dots[1]![1]!)
    expect(dots[0]![0]).toBeLessThan(dots[1]![0]!)
  })

  it('a scatter has a dot per finite point and a running best line by goal', () => {
    const svg = scatterSvg({ title: 'by trial', xLabel: 'trial', yLabel: 'acc', points: [[0, 0.5], [1, 0.7], [2, Number.NaN], [3, 0.6]], bestLine: 'maximize' })
    checkXml(svg)
    expect(coords(svg, 'circle')).toHaveLength(3)
    const best = /<polyline fill="none" stroke="#d62728" stroke-width="1.5" points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => Number(p.split(',')[1]))
    // Running max: 0.5, 0.7, 0.7 → the line rises once and then stays.
    expect(best[1]).toBeLessThan(best[0]!)
    expect(best[2]).toBe(best[1])
  })

  it('bars are as long as their share, with whiskers for intervals', () => {
    const svg = barChartSvg({ title: 'importance', valueLabel: 'share', percent: true, bars: [{ label: 'lr', value: 0.8, low: 0.6, high: 0.9 }, { label: 'layers', value: 0.2 }] })
    checkXml(svg)
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14"/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(2)
    expect(widths[0]! / widths[1]!).toBeCloseTo(4, 1)
    expect(svg).toContain('>80.0%<')
    expect(svg).toContain('>20.0%<')
  })

  it('says so when there is nothing to draw, and still makes valid SVG', () => {
    for (const svg of [
      lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [[0, null]] }] }),
      scatterSvg({ title: 't', xLabel: 'x', yLabel: 'y', points: [] }),
      barChartSvg({ title: 't', valueLabel: 'v', bars: [] }),
    ]) {
      checkXml(svg)
      expect(svg).toMatch(/no points recorded|no finished trials|nothing to show/)
    }
    // One value only: a flat line still gets a range (no division by zero).
    checkXml(lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [[1, 3], [1, 3]] }] }))
  })

  it('ticks are round numbers covering the range; text and data URIs are escaped and encoded', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(0.013, 0.048)).toEqual([0.02, 0.03, 0.04])
    expect(niceTicks(-3, 12)).toEqual([0, 5, 10])
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;')
    const uri = svgDataUri('<svg>é</svg>')
    expect(Buffer.from(uri.replace('data:image/svg+xml;base64,', ''), 'base64').toString('utf8')).toBe('<svg>é</svg>')
  })
})
