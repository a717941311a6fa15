import type { Migration } from './migration.ts'

/** Where early termination stopped a trial (issue 6 §2). */
export const migration0003: Migration = {
  version: 3,
  name: 'pruned-at-step',
  up: `
-- The step of the trial's last report of the sweep metric when a pruner stopped it; NULL otherwise.
ALTER TABLE trials ADD COLUMN pruned_at_step INTEGER;
`,
}
