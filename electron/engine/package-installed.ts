import { createRequire } from 'node:module'

// Not named `require`: electron-vite declares its own `require` in any bundled chunk that calls
// `require.resolve(`, and a second declaration is a SyntaxError in the built main process.
const resolveFrom = createRequire(import.meta.url)

/** Whether an npm package can be resolved from the engine (optional backends, dev-only tools). */
export function isInstalled(pkg: string): boolean {
  try {
    resolveFrom.resolve(`${pkg}/package.json`)
    return true
  } catch {
    return false
  }
}
