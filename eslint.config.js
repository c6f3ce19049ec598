import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// src/core and src/pure are pure: no I/O, no time but the injected Clock's, no configuration but what is passed in.
const ambient = [
  { name: 'fetch', message: 'src/core and src/pure are pure: reach the network through a port.' },
  { name: 'setTimeout', message: 'src/core and src/pure are pure: time comes from the injected Clock.' },
  { name: 'setInterval', message: 'src/core and src/pure are pure: time comes from the injected Clock.' },
  { name: 'setImmediate', message: 'src/core and src/pure are pure.' },
  { name: 'Date', message: 'src/core and src/pure are pure: time comes from the injected Clock.' },
  { name: 'process', message: 'src/core and src/pure are pure: configuration is passed in.' },
  { name: 'window', message: 'src/core and src/pure are isomorphic: no DOM.' },
  { name: 'document', message: 'src/core and src/pure are isomorphic: no DOM.' },
  { name: 'localStorage', message: 'src/core and src/pure are isomorphic: no DOM.' },
  { name: 'XMLHttpRequest', message: 'src/core and src/pure are pure.' },
  { name: 'performance', message: 'src/core and src/pure are pure: time comes from the injected Clock.' },
];
const nodeModules = {
  group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto'],
  message: 'src/core and src/pure import no Node modules.',
};

/*
 * Dependencies point inward (design §1, docs/architecture.md): each folder of src/ may import only the folders its
 * row allows. One mechanism for every row: a relative specifier that climbs out of the importing file's folder
 * ('../', '../../', … at any depth, optionally through 'src/') into a refused top folder. No folder of src/ has a
 * subfolder named like a top folder, so the climb's depth need not be counted. Static imports and re-exports are
 * checked by no-restricted-imports, import() by no-restricted-syntax (no-restricted-imports does not see it).
 * test/lint/boundaries.test.ts proves every row both ways; test/lint/import-graph.test.ts walks the real graph.
 */
const climbInto = (folders) => `^(\\./)?(\\.\\./)+(src/)?(${folders.join('|')})(/|$)`;

/**
 * The rules that refuse `folders` (top folders of src/, or 'bc…' patterns) to files of one row. `typesFrom` (some of
 * `folders`) may still be imported with `import type`: erased from the build, it brings no code of theirs along.
 */
function refuse(folders, message, { extraPatterns = [], typesFrom = [] } = {}) {
  const runtimeOnly = folders.filter((f) => !typesFrom.includes(f));
  const patterns = [
    ...extraPatterns,
    { regex: climbInto(runtimeOnly), message },
    ...(typesFrom.length > 0 ? [{ regex: climbInto(typesFrom), message, allowTypeImports: true }] : []),
  ];
  return {
    // typescript-eslint's rule is the base rule plus allowTypeImports; the base one serves rows without it.
    [typesFrom.length > 0 ? '@typescript-eslint/no-restricted-imports' : 'no-restricted-imports']: [
      'error',
      { patterns },
    ],
    'no-restricted-syntax': [
      'error',
      // import() always brings code; esquery reads the regex between slashes, so each '/' inside it is escaped.
      { selector: `ImportExpression[source.value=/${climbInto(folders).replaceAll('/', '\\/')}/]`, message },
    ],
  };
}

const TOP = ['pure', 'core', 'graph', 'bc', 'store', 'sync-client', 'fakes', 'platform', 'messages'];
const WIRING = ['server', 'taskpane', 'cli'];

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
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...ambient],
      ...refuse(
        [...TOP.filter((f) => f !== 'core' && f !== 'pure'), ...WIRING, 'emulator'],
        'core imports nothing of the others but pure.',
        { extraPatterns: [nodeModules] },
      ),
    },
  },
  {
    // The pure helpers every folder may share, the emulator included (the storable-text rule, the JSON walk): a
    // leaf, so sharing one brings nothing else along (test/lint/import-graph.test.ts), and pure as core is.
    files: ['src/pure/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...ambient],
      ...refuse(
        [...TOP.filter((f) => f !== 'pure'), ...WIRING, 'emulator'],
        'pure imports nothing else of src/.',
        {
          extraPatterns: [nodeModules],
        },
      ),
    },
  },
  {
    // Adapters implement core's ports; the wiring (server, pane, CLI) assembles them, never the reverse.
    files: ['src/{graph,bc,store,sync-client}/**/*.{ts,tsx}'],
    rules: refuse(
      [...WIRING, 'emulator', 'fakes'],
      'Adapters import core (and platform, messages), never the wiring, the emulator or the fakes.',
    ),
  },
  {
    // The pane reaches the facade only over HTTP: no facade, store or emulator code in its bundle, and of bc
    // only the browser-safe entry bc/index.ts (HttpBcContacts; StoreBcContacts reaches the database). The facade's
    // types may come along (import type: the shapes it answers with), never its code.
    files: ['src/taskpane/**/*.{ts,tsx}'],
    rules: refuse(
      ['server', 'store', 'emulator', 'cli', 'fakes', 'bc(?!/index\\.js$)'],
      'The pane reaches the facade only over HTTP: no server (but its types), store, emulator, CLI or fake code; bc only through bc/index.js.',
      { typesFrom: ['server'] },
    ),
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
    // Every box the pane shows lays out what is typed in its own direction (layout/inputs.tsx, dir="auto"): a
    // Hebrew folder name sat in a left-to-right box. Fluent's own text boxes and drop-downs only through it.
    // The base rule: the pane's @typescript-eslint one above keeps its boundaries.
    files: ['src/taskpane/**/*.{ts,tsx}'],
    ignores: ['src/taskpane/layout/inputs.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@fluentui/react-components',
              importNames: ['Input', 'Select', 'Textarea', 'Combobox', 'Dropdown', 'SearchBox', 'SpinButton'],
              message: 'Use layout/inputs.tsx: every box the pane shows has dir="auto".',
            },
          ],
        },
      ],
    },
  },
  {
    // An independent model of Graph, so a mistake in our client cannot hide behind the same mistake in the fake:
    // of src/ only platform (which must not lead it into core either: test/lint/import-graph.test.ts) and the pure
    // helpers, which model nothing of Graph.
    files: ['src/emulator/**/*.{ts,tsx}'],
    rules: refuse(
      [...TOP.filter((f) => f !== 'platform' && f !== 'pure'), ...WIRING],
      'The emulator is an independent model of Graph: of src/ it imports only platform and pure.',
    ),
  },
  prettier,
);
