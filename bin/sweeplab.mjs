#!/usr/bin/env node
// Sweeplab's CLI runs its TypeScript sources directly (Node's type stripping), so it needs a
// Node that strips types and loads better-sqlite3 13 (Node-API 10): 22.14+ with stripping on.
// `npx sweeplab` and the npm scripts put the project's own Node 24 first on PATH.
var parts = process.versions.node.split('.').map(Number)
var major = parts[0]
var minor = parts[1]
var tooOld = major < 22 || (major === 22 && minor < 14)
if (tooOld || !(process.features && process.features.typescript)) {
  var why = tooOld ? `this is Node ${process.versions.node}` : `Node ${process.versions.node} has type stripping off`
  process.stderr.write(
    `sweeplab: needs Node >= 22.14 with TypeScript type stripping (${why}); ` +
      'run it as `npx sweeplab ...` or `npm run sweeplab -- ...` from the clone, which use the bundled Node 24.\n',
  )
  process.exit(2)
}
// A promise chain rather than top-level await, so a very old Node still reaches the message above.
import('../electron/cli/main.ts').then((m) => m.main())
