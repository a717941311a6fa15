// Layering rules from DESIGN.md: each folder may import only what the architecture allows.
// Breaking a boundary fails `npm run lint` (and CI).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const ELECTRON = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }
const nodeOnly = ['node:*', 'better-sqlite3', '@tensorflow/*']
const enginePaths = ['**/electron/**', '../electron/*', '../../electron/*']

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'bench/results/**', 'resources/clients/**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['electron/engine/**', 'electron/cli/**', 'electron/server/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [ELECTRON],
        patterns: [{ group: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**', '../main/*', '../preload/*'], message: 'The engine, CLI and server run in plain Node: no renderer or Electron shell code.' }],
      }],
    },
  },
  {
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [ELECTRON],
        patterns: [{ group: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**', '**/cli/**', '**/server/**'], message: 'The engine imports shared/ and its own modules only.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [ELECTRON],
        patterns: [{ group: [...nodeOnly, ...enginePaths], message: 'The renderer imports shared/ only; it reaches the engine through the API.' }],
      }],
    },
  },
  {
    // Screens, plots and UI pieces reach data through renderer/data/ hooks, never the client or a transport.
    files: ['renderer/features/**', 'renderer/plots/**', 'renderer/ui/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [ELECTRON],
        patterns: [
          { group: [...nodeOnly, ...enginePaths], message: 'The renderer imports shared/ only; it reaches the engine through the API.' },
          { group: ['**/api/*', '!**/shared/api/*'], message: 'Only renderer/data/ calls the API: use a query or mutation hook.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [ELECTRON, { name: 'react', message: 'shared/ is UI-free.' }],
        patterns: [{ group: [...nodeOnly, ...enginePaths, '**/renderer/**', '../renderer/*'], message: 'shared/ imports nothing of ours and no Node or DOM modules.' }],
      }],
    },
  },
  {
    files: ['**/*.config.ts', 'eslint.config.js', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
