import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from '@jest/globals';
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES } from '../e2e/chromium.js';

/*
 * Chromium keeps only the last --disable-features of its command line, and Playwright puts its own
 * first: the browser tests' list (test/e2e/chromium.ts) must repeat every feature Playwright
 * disables, or launching with it turns those back on (HttpsUpgrades: http pages opened as https).
 * Read from the installed playwright-core, so an upgrade that adds one fails here.
 */
function playwrightDisabledFeatures(): string[] {
  const dir = createRequire(import.meta.url)
    .resolve('playwright-core/package.json')
    .replace(/package\.json$/, '');
  const bundle = readFileSync(`${dir}lib/coreBundle.js`, 'utf8');
  const list = /disabledFeatures = \[([^\]]*)\]/.exec(bundle)?.[1] ?? '';
  return [...list.matchAll(/^\s*"([\w-]+)",?\s*$/gm)].map((m) => m[1]!);
}

describe('the browser tests’ Chromium flags', () => {
  test('disable every feature playwright-core disables, in their one --disable-features', () => {
    const theirs = playwrightDisabledFeatures();
    expect(theirs.length).toBeGreaterThan(5);
    expect(theirs.filter((f) => !PLAYWRIGHT_DISABLED_FEATURES.includes(f))).toEqual([]);
    const switches = CHROMIUM_ARGS.filter((a) => a.startsWith('--disable-features='));
    expect(switches).toHaveLength(1);
    const ours = switches[0]!.slice('--disable-features='.length).split(',');
    expect(theirs.filter((f) => !ours.includes(f))).toEqual([]);
    expect(ours).toContain('WebUIOmniboxPopup');
  });
});
