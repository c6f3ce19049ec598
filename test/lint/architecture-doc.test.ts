import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';

/*
 * docs/architecture.md is the map of the code (issue 13): a file it names that was moved or split
 * away makes the map wrong. Every source path in backticks must be a file under src/ (or the
 * repository root, for tests and configuration).
 */
const PAGE = readFileSync('docs/architecture.md', 'utf8');
const NAMED = [...PAGE.matchAll(/`([\w./-]+\.(?:ts|tsx|js|mjs))`/g)].map((m) => m[1]!);

describe('docs/architecture.md', () => {
  test('names source files by their path from src/ (or the root), and each exists', () => {
    expect(NAMED.length).toBeGreaterThan(30);
    const missing = NAMED.filter((p) => !existsSync(`src/${p}`) && !existsSync(p));
    expect(missing).toEqual([]);
  });

  test('names every top folder of src/', () => {
    // Read from the tree, not listed here: a new top folder the map leaves out fails this test.
    const folders = readdirSync('src', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((folder) => !PAGE.includes(`src/${folder}`))).toEqual([]);
  });
});
