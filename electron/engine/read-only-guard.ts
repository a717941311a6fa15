import { MUTATING_METHODS } from '../../shared/api/contract.ts'
import { SweeplabError } from '../../shared/errors.ts'
import type { Engine } from './engine-types.ts'

/** The error every write to a read-only workspace gets, naming the file. */
export function readOnlyError(dbPath: string, what: string): SweeplabError {
  return new SweeplabError('workspace/read-only', `${dbPath} is open read-only: ${what} is not allowed (open the workspace without --read-only to change it)`, {
    details: { file: dbPath },
  })
}

/**
 * Refuses the methods that write (MUTATING_METHODS) before they touch anything. The store is opened
 * with SQLite's read-only flag as well, so a write this list misses fails there instead of changing the file.
 */
export function guardReadOnly(engine: Engine): Engine {
  const refusals = Object.fromEntries(MUTATING_METHODS.map((m) => [m, () => Promise.reject(readOnlyError(engine.dbPath, m))]))
  return { ...engine, ...refusals } as Engine
}
