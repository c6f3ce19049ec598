/**
 * Issue 14 F14, the kind: whether a conflict waits for the user is decided in one place
 * (core/views.ts `waitsForChoice`). Every pane source is scanned: none reads a conflict's status
 * itself, so no panel can take a settled conflict for an open one again.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { waitsForChoice } from '../../src/core/views.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(f) ? [path] : [];
  });
}

describe('one test of "waits for the user\'s choice"', () => {
  test('open waits, settled does not', () => {
    expect(waitsForChoice({ status: 'open' })).toBe(true);
    expect(waitsForChoice({ status: 'settled' })).toBe(false);
  });

  test.each(sources('src/taskpane'))('%s reads no conflict status itself', (path) => {
    const text = readFileSync(path, 'utf8');
    expect(text.match(/\.status\s*[!=]==?\s*'(open|settled)'/g) ?? []).toEqual([]);
  });
});
