import { describe, expect, it } from 'vitest'
import { parseParcoordsRestyle } from './parcoords-events.ts'

describe('parseParcoordsRestyle', () => {
  it('reads a brush, a multi-bar brush and a cleared brush', () => {
    expect(parseParcoordsRestyle([{ 'dimensions[2].constraintrange': [[0.1, 0.4]] }, [0]])).toEqual([{ kind: 'constraint', dimension: 2, constraint: [0.1, 0.4] }])
    expect(parseParcoordsRestyle([{ 'dimensions[0].constraintrange': [[[0, 1], [2, 3]]] }, [0]])).toEqual([{ kind: 'constraint', dimension: 0, constraint: [[0, 1], [2, 3]] }])
    expect(parseParcoordsRestyle([{ 'dimensions[1].constraintrange': null }, [0]])).toEqual([{ kind: 'constraint', dimension: 1, constraint: null }])
  })

  it('reads an axis drag as the new label order', () => {
    expect(parseParcoordsRestyle([{ dimensions: [[{ label: 'b' }, { label: 'a' }]] }, [0]])).toEqual([{ kind: 'order', labels: ['b', 'a'] }])
  })

  it('ignores other restyles', () => {
    expect(parseParcoordsRestyle([{ 'line.color': [[1]] }, [0]])).toEqual([])
  })
})
