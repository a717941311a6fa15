import { expect, it } from 'vitest'
import { parseRoute } from './route.ts'

it('parses hash routes, with the list as home', () => {
  expect(parseRoute('')).toEqual({ name: 'sweeps' })
  expect(parseRoute('#/')).toEqual({ name: 'sweeps' })
  expect(parseRoute('#/sweeps/12')).toEqual({ name: 'sweep', sweepId: 12 })
  expect(parseRoute('#/sweeps/x')).toEqual({ name: 'sweeps' })
})
