import { expect, it } from 'vitest'
import type { Transport } from '../../shared/api/contract.ts'
import { pickTransport } from './transport.ts'

it('prefers the desktop preload transport and falls back to HTTP', () => {
  const preload: Transport = { call: async (req) => ({ id: req.id, ok: true, result: [] }), subscribe: () => () => {} }
  expect(pickTransport({ sweeplab: preload })).toBe(preload)
  const http = pickTransport({})
  expect(http).not.toBe(preload)
  expect(typeof http.call).toBe('function')
})
