import type { Migration } from './migration.ts'
import { migration0001 } from './0001-initial.ts'

/** Every schema step in order. Append only: a shipped migration is never edited or removed. */
export const MIGRATIONS: ReadonlyArray<Migration> = [migration0001]
