import type { Database } from 'better-sqlite3'

/** One numbered schema step. Never edit one after it shipped: add the next number instead. */
export interface Migration {
  version: number
  name: string
  up: string | ((db: Database) => void)
}
