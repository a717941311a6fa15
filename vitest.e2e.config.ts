import { defineConfig } from 'vitest/config'

// End-to-end flows: the built renderer served by `sweeplab serve`, driven in Debian's Chromium.
// Software WebGL makes every parcoords draw cost seconds (PLATFORM.md §3), hence the long timeouts;
// one file at a time, since each file starts its own server, sweeps and browser on 2 cores.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
})
