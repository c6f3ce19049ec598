import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { sourceFiles } from '../support/source-files.js';

// CI time: the product's start on an empty DATA_DIR runs PGlite's initdb and every migration (193
// and 225 s at load 33; 76 and 88 s on a copy of the migrated template). The kind: a test that
// makes a new directory and starts the product on it — in the jest process (startServer) or as a
// child (DATA_DIR for `npm start`, the CLI, ProductProcesses). Such a directory comes from
// freshDataDir (test/support/quiet-server.ts), or the file is listed here with why it cannot.

/** Files that make directories for a start but rightly not from the template, and why. */
const OWN_DIRECTORIES: Record<string, string> = {
  'test/server/embedded-graph-owner.test.ts':
    'every row runs on PostgreSQL (the embedded Graph lock is the subject)',
  'test/server/batch-resend-after-kill.test.ts': 'its npm start runs on PostgreSQL',
  'test/server/addin-manifest-file.test.ts': 'reads the configuration only: nothing starts',
  'test/cli/lost-server.test.ts': 'the CLI talks to a stand-in server named in server.json: no store opens',
  'test/cli/start-refusals.test.ts': 'each start is refused before the store opens (the subject)',
  'test/server/data-dir-refusal.test.ts':
    'each DATA_DIR cannot be made or holds a damaged store (the subject): no store opens',
  'test/server/dev-mode-guard.test.ts':
    'its npm starts are refused (non-loopback HOST in dev mode) before the store opens (the subject)',
  'test/cli/arguments.test.ts': 'each bad argument is refused before anything starts (the subject)',
  'test/server/log-file-cap.test.ts':
    'opens log files in its own folder: nothing starts (DATA_DIR only in a comment)',
  'test/cli/product-place.test.ts':
    'where the CLI finds a store or makes one, in new folders, is the subject (F119)',
};

/** The helpers that start servers themselves (quiet-server: freshDataDir; e2e: its own template). */
const HELPERS = new Set(['test/support/quiet-server.ts', 'test/e2e/server.ts']);

/** Whether `source` makes a directory and starts the product on it without freshDataDir. */
export function startsOnEmptyDirectory(source: string): boolean {
  const makesDirectory = /\bmkdtempSync\(/.test(source);
  const starts = /\bstartServer\(|\bDATA_DIR\b|support\/product-process\.js/.test(source);
  return makesDirectory && starts && !/\bfreshDataDir\(/.test(source);
}

describe('test servers start on a copy of the migrated store', () => {
  test.each([
    [
      'bad-input before: mkdtemp + startServer',
      'dir = mkdtempSync(x); await startServer({ env: { DATA_DIR: dir } });',
      true,
    ],
    ['a child on a new DATA_DIR', "const d = mkdtempSync(x); runCli(['doctor'], { DATA_DIR: d });", true],
    [
      'ProductProcesses on a new dir',
      "import { ProductProcesses } from '../support/product-process.js'; mkdtempSync(x)",
      true,
    ],
    [
      'the same from freshDataDir',
      "dir = await freshDataDir('x'); await startServer({ env: { DATA_DIR: dir } });",
      false,
    ],
    ['a directory for files only', "const d = mkdtempSync(x); writeFileSync(join(d, 'a'), '');", false],
  ])('the rule: %s', (_name, source, expected) => {
    expect(startsOnEmptyDirectory(source)).toBe(expected);
  });

  test('every test file: a new directory a product starts on comes from freshDataDir, or is listed with why', () => {
    const found = sourceFiles('test', /\.tsx?$/)
      .filter((f) => !HELPERS.has(f))
      .filter((f) => startsOnEmptyDirectory(readFileSync(f, 'utf8')))
      .sort();
    expect(found).toStrictEqual(Object.keys(OWN_DIRECTORIES).sort());
  });
});
