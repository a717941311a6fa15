import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { parcoordsPolyline } from './parcoords-geometry.ts'
import { buildSweepAxes, METRIC_AXIS } from './sweep-axes.ts'

describe('parcoordsPolyline', () => {
  const trials = [
    makeTrial({ id: 1, params: { x: 0, opt: 'a' }, finalValue: 1 }),
    makeTrial({ id: 2, params: { x: 10, opt: 'b' }, finalValue: 3 }),
    makeTrial({ id: 3, params: { x: 5, opt: 'c' }, finalValue: 2 }),
  ]
  const axes = buildSweepAxes(trials, ['opt', 'x'], new Map(), 'm')
  const order = [axes.byKey.get('opt')!, axes.byKey.get('x')!, axes.byKey.get(METRIC_AXIS)!]
  const box = { l: 80, t: 60, w: 600, h: 304 }

  it('spaces axes evenly and maps the range ends to the padded top and bottom', () => {
    expect(parcoordsPolyline(box, order, trials[0]!)).toEqual([[80, 362], [380, 362], [680, 362]])
    expect(parcoordsPolyline(box, order, trials[1]!)).toEqual([[80, 212], [380, 62], [680, 62]])
    expect(parcoordsPolyline(box, order, trials[2]!)).toEqual([[80, 62], [380, 212], [680, 212]])
  })

  it('gives no line for a trial missing a value', () => {
    expect(parcoordsPolyline(box, order, makeTrial({ id: 9, params: { x: 1 }, finalValue: 1 }))).toBeNull()
  })
})
