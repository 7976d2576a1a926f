// Lint rules, above all the layer table of DESIGN.md: which folder may import what.
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Bare builtin names go in `paths` (exact match): as patterns, 'events' would also match './events'.
const nodeBuiltinPaths = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => ({ name, message: 'This layer runs without Node: no Node built-ins.' }));
const noNode = { group: ['node:*'], message: 'This layer runs without Node: no node:* imports.' };
const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' };
const noReact = { group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', '@xterm/*'], message: 'UI libraries belong to renderer/.' };
const relative = (regex, message) => ({ regex, message });
const corePatterns = [noElectron, noReact, relative('(^|/)(renderer|electron)(/|$)', 'core/ never imports renderer/ or electron/.')];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bin/**', '**/*.bundle.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['core/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths,
        patterns: [
          noNode, noElectron, noReact,
          relative('^\\.\\./', 'core/contract is pure: it imports only itself.'),
          relative('^[^.]', 'core/contract is pure: no packages.'),
        ],
      }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: corePatterns }],
    },
  },
  {
    // core/app is the composition root: only the faces' wiring (core/cli, electron/main) imports it.
    files: ['core/**/*.ts'],
    ignores: ['core/contract/**', 'core/app/**', 'core/cli/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...corePatterns, relative('(^|/)app(/|$)', 'core/app is the composition root: lower folders never import it (paths live in core/paths.ts).')],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [noReact, relative('(^|/)renderer(/|$)', 'electron/main never imports renderer/.'), relative('(^|/)preload(/|$)', 'electron/main never imports the preload.')],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths,
        patterns: [
          noNode, noReact,
          relative('(^|/)core/(?!contract(/|$))', 'The preload may use only core/contract.'),
          relative('(^|/)(renderer|main)(/|$)', 'The preload imports only core/contract and electron.'),
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths,
        patterns: [
          noNode, noElectron,
          relative('(^|/)core/(?!contract(/|$))', 'renderer/ may use only core/contract from core/.'),
          relative('(^|/)electron(/|$)', 'renderer/ never imports electron/.'),
        ],
      }],
    },
  },
);
