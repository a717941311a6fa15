// Writes docs/sweep-file.schema.json from the zod schema of the sweep file.
// Run: npx node scripts/gen-json-schema.ts (npm run schema). A test fails when the checked-in file is stale.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { formatSweepJsonSchema } from '../electron/engine/config/sweep-json-schema.ts'

const target = fileURLToPath(new URL('../docs/sweep-file.schema.json', import.meta.url))
writeFileSync(target, formatSweepJsonSchema())
console.log(`wrote ${target}`)
