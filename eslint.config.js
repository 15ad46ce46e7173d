// Process boundaries are enforced here, not hoped for (style.md, rule 1):
// shared/ is pure, the engine never reaches Electron, the renderer never reaches Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream', 'url', 'util', 'events', 'worker_threads'];

const banned = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: banned([...nodeBuiltins, 'electron', 'electron/*', 'react', 'react-dom', 'react/*', 'better-sqlite3', 'openai', 'ws'],
      'shared/ is pure: no Node, Electron, React or I/O libraries.'),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: banned(['electron', 'electron/*', 'react', 'react-dom', 'react/*', '**/renderer/**'],
      'Engine, providers, store, export and CLI are plain Node: only electron/main and electron/preload may import electron.'),
  },
  {
    // Later entries replace the rule's options for the files they match, so the plain-Node bans
    // are repeated here with the engine added.
    files: ['electron/providers/simulator/**/*.ts'],
    rules: banned(['electron', 'electron/*', 'react', 'react-dom', 'react/*', '**/renderer/**', '**/engine', '**/engine/**'],
      'The simulator is an independent model of a server: it imports nothing from the engine (nor Electron), or a client tested against it would be tested against its own arithmetic.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: banned([...nodeBuiltins, 'electron', 'electron/*', '**/electron/**', 'better-sqlite3', 'openai', 'ws'],
      'The renderer talks to main only through window.pacer: no Node, Electron or main-side modules.'),
  },
);
