import { expect, it } from 'vitest'
import { parseRoute, routeHref, type Route } from './route.ts'

it('parses hash routes, with the list as home', () => {
  expect(parseRoute('')).toEqual({ name: 'sweeps' })
  expect(parseRoute('#/')).toEqual({ name: 'sweeps' })
  expect(parseRoute('#/sweeps/12')).toEqual({ name: 'sweep', sweepId: 12 })
  expect(parseRoute('#/sweeps/x')).toEqual({ name: 'sweeps' })
  expect(parseRoute('#/trials/7')).toEqual({ name: 'trial', trialId: 7 })
  expect(parseRoute('#/new')).toEqual({ name: 'new-sweep' })
  expect(parseRoute('#/new?example=iris-tabular-cv')).toEqual({ name: 'new-sweep', example: 'iris-tabular-cv' })
  expect(parseRoute('#/datasets')).toEqual({ name: 'datasets' })
  expect(parseRoute('#/datasets/spam%20v2')).toEqual({ name: 'datasets', dataset: 'spam v2' })
})

it('builds the hash that parses back to the same route', () => {
  const routes: Route[] = [
    { name: 'sweeps' }, { name: 'new-sweep' }, { name: 'new-sweep', example: 'a b' }, { name: 'sweep', sweepId: 3 },
    { name: 'trial', trialId: 9 }, { name: 'datasets' }, { name: 'datasets', dataset: 'moby/dick' },
  ]
  for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r)
})
