import type { Migration } from './migration.ts'
import { migration0001 } from './0001-initial.ts'
import { migration0002 } from './0002-datasets.ts'
import { migration0003 } from './0003-pruned-at-step.ts'
import { migration0004 } from './0004-sweep-versions.ts'
import { migration0005 } from './0005-trial-repeats.ts'
import { migration0006 } from './0006-failure-reason.ts'
import { migration0007 } from './0007-resources.ts'
import { migration0008 } from './0008-sweep-provenance.ts'
import { migration0009 } from './0009-slurm-jobs.ts'

/** Every schema step in order. Append only: a shipped migration is never edited or removed. */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009,
]
