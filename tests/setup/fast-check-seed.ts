import fc from 'fast-check'

/**
 * Property tests run with one fixed seed so a CI run is reproducible; `FC_SEED=<n>` (or `FC_SEED=random`)
 * explores other inputs locally. fast-check prints the seed and path of any failure it finds.
 */
const DEFAULT_SEED = 20_261_125
const fromEnv = process.env.FC_SEED
const seed = fromEnv === undefined || fromEnv === '' ? DEFAULT_SEED : fromEnv === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(fromEnv)
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${JSON.stringify(fromEnv)}`)
fc.configureGlobal({ seed })
