import { defineConfig } from 'vitest/config'

// Fault injection: real engines killed with SIGKILL dozens of times, and workers that misbehave.
// Each file drives child processes that compete for the same 2 cores, so one file at a time; a kill
// loop of 50+ engine restarts takes minutes, hence the long timeouts.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/faults/**/*.faults.test.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
})
