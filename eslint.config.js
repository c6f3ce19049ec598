import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const ambient = [
  { name: 'fetch', message: 'src/core is pure: reach the network through a port.' },
  { name: 'setTimeout', message: 'src/core is pure: time comes from the injected Clock.' },
  { name: 'setInterval', message: 'src/core is pure: time comes from the injected Clock.' },
  { name: 'setImmediate', message: 'src/core is pure.' },
  { name: 'Date', message: 'src/core is pure: time comes from the injected Clock.' },
  { name: 'process', message: 'src/core is pure: configuration is passed in.' },
  { name: 'window', message: 'src/core is isomorphic: no DOM.' },
  { name: 'document', message: 'src/core is isomorphic: no DOM.' },
  { name: 'localStorage', message: 'src/core is isomorphic: no DOM.' },
  { name: 'XMLHttpRequest', message: 'src/core is pure.' },
  { name: 'performance', message: 'src/core is pure: time comes from the injected Clock.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'build/',
      'data/',
      'coverage/',
      '.jest-results.json',
      'test/e2e/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        Buffer: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        performance: 'readonly',
        crypto: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...ambient],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto'],
              message: 'src/core imports no Node modules.',
            },
            {
              // Any depth: src/core/filter/x.ts reaching '../../graph/y' is as impure as src/core/x.ts reaching '../graph/y'.
              regex:
                '^(\\.\\./)+(graph|server|store|emulator|taskpane|cli|bc|fakes|platform|sync-client|messages)(/|$)',
              message: 'core imports nothing of the others.',
            },
          ],
        },
      ],
    },
  },
  {
    // Office stays behind office-host (issue 13 §6): components get an OfficeHost, the dialog page officeDialog.
    files: ['src/taskpane/**/*.{ts,tsx}'],
    ignores: ['src/taskpane/office/office-host.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'Office', message: 'Only src/taskpane/office/office-host.ts touches Office.' },
      ],
    },
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(src/)?(core|graph)(/|$)',
              message: 'The emulator is an independent model of Graph.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
