/**
 * Every notice bar of the pane holds text of no set length (an error's detail, a folder name, an
 * e-mail address) and so is laid out multiline from its first frame. Fluent's MessageBar without a
 * `layout` starts single-line and reflows only when its ResizeObserver reports the overflow: until
 * then its text ran past the 320 px pane (pane-states-layout failed once in the full suite on the
 * run-failed bar: document 930 px wide, the refusal's text past div.fui-MessageBar).
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

const bars = tsxFiles('src/taskpane').flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/<MessageBar\b[^>]*>/g)].map((m) => [file, m[0]] as const),
);

describe('the pane’s notice bars are multiline from the first frame', () => {
  test('the pane has notice bars (the scan sees them)', () => {
    expect(bars.length).toBeGreaterThanOrEqual(10);
  });
  test.each(bars)('%s: %s', (_file, tag) => {
    expect(tag).toContain('layout="multiline"');
  });
});
