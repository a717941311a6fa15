import { defineConfig } from 'vitest/config'

// The Slurm executor against a real single-node cluster (test/slurm/start-cluster.sh starts it).
// Slurm rounds time limits up to whole minutes, so the time-limit test alone takes about 90 s; the
// files run two at a time so it overlaps the others.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/slurm/**/*.slurm.test.ts'],
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
})
