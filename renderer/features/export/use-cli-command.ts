import { useEnvironment } from '../../data/trial-queries.ts'
import { shellQuote } from '../trial-detail/shell-quote.ts'

/**
 * Builds the `sweeplab` command line that does what the UI just did, against this workspace's
 * database (the terminal's default may be another one), so it can be pasted as it is.
 */
export function useCliCommand(): (args: string) => string {
  const env = useEnvironment()
  const db = env.data ? ` --db ${shellQuote(env.data.dbPath)}` : ''
  return (args) => `npx sweeplab ${args}${db}`
}
