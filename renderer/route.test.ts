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
    { name: 'compare', sweeps: [{ sweepId: 1 }, { sweepId: 4, workspace: '/data/old & new.db' }] },
  ]
  for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r)
})

it('reads compared sweeps from repeated s= parameters, skipping ones that name no sweep', () => {
  expect(parseRoute('#/compare?s=3&s=x&s=%2Fa%2Fb.db%3A7&s=0')).toEqual({ name: 'compare', sweeps: [{ sweepId: 3 }, { sweepId: 7, workspace: '/a/b.db' }] })
})
