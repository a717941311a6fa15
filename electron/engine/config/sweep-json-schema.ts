import { z } from 'zod'
import { sweepSpecSchema } from '../../../shared/sweep-spec.ts'

/** Stable identifier of the schema (a URN: the app is offline and serves nothing). */
export const SWEEP_SCHEMA_ID = 'urn:sweeplab:schema:sweep-file'

/**
 * The JSON Schema (draft-07, which VS Code's YAML extension reads) of the sweep file, generated from the
 * zod shape in shared/sweep-spec.ts. It checks shapes and key names; cross-field rules stay in the parser.
 */
export function buildSweepJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(sweepSpecSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>
  return {
    $schema,
    $id: SWEEP_SCHEMA_ID,
    title: 'Sweeplab sweep file',
    description: 'A hyperparameter sweep: W&B sweep.yaml keys plus Sweeplab keys. Reference: docs/sweep-file.md.',
    ...rest,
  }
}

/** The schema as checked in at docs/sweep-file.schema.json. */
export function formatSweepJsonSchema(): string {
  return `${JSON.stringify(buildSweepJsonSchema(), null, 2)}\n`
}
