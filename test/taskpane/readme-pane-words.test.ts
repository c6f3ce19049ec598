/**
 * The README names the pane's parts and buttons in the pane's own (English) words, which come from
 * Business Central's contact-sync docs (../shared/seeds): every bold name in its "The pane" item is a
 * text the pane shows, so a renamed button cannot leave the README behind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { MESSAGES } from '../messages/catalogs.js';

/** A message as the pane shows it with its arguments left out: "Conflicts ({open…}, {settled…})" → "Conflicts". */
function withoutArguments(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0) out += ch;
  }
  return out.replace(/\s*\([\s,]*\)/g, '').trim();
}

const PANE_TEXTS = new Set(
  Object.values(MESSAGES.en as Readonly<Record<string, string>>).map(withoutArguments),
);

function paneItem(): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('- **The pane**');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n- ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README: the pane in its own words', () => {
  test('every bold name in "The pane" is a text the pane shows', () => {
    const names = [...paneItem().matchAll(/\*\*(.+?)\*\*/gs)]
      .map((m) => (m[1] ?? '').replace(/\s+/g, ' '))
      .filter((name) => name !== 'The pane');
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names.filter((name) => !PANE_TEXTS.has(name))).toEqual([]);
  });

  test('the check can fail: a name the pane does not show is found', () => {
    expect(PANE_TEXTS.has('Sync now')).toBe(false);
    expect(PANE_TEXTS.has('Conflicts')).toBe(true);
    expect(PANE_TEXTS.has('Skipped contacts')).toBe(true);
  });
});
