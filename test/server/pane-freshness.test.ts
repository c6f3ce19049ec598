import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Fastify from 'fastify';
import { PANE_SOURCES, PANE_STAMP, buildState } from '../../src/platform/source-freshness.mjs';
import { mountPane } from '../../src/server/static-pane.js';

// F26: after a `git pull`, `npm start` served the pane built before it. The pane's build is now
// judged against its sources at start, by the rule the CLI launcher and the browser tests share.

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const NOW_S = Math.floor(Date.now() / 1000);

/** A scratch package root: `files` maps a path to [content, age in seconds]. */
function scratch(files: Record<string, [string, number]>): string {
  const root = mkdtempSync(join(tmpdir(), 'pane-freshness-'));
  roots.push(root);
  for (const [path, [content, ageS]] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    utimesSync(join(root, path), NOW_S - ageS, NOW_S - ageS);
  }
  return root;
}

describe('buildState over every pane source', () => {
  test('no stamp → missing', () => {
    expect(buildState(scratch({ 'src/core/a.ts': ['', 10] }), PANE_STAMP, PANE_SOURCES)).toEqual({
      state: 'missing',
    });
  });

  // Each source the pane's build reads, changed after the build, makes it stale: a path left out
  // of PANE_SOURCES would serve yesterday's pane after a pull that changed only that path.
  test.each(PANE_SOURCES.map((source) => [source]))('%s newer than the build → stale', (source) => {
    const file = source.includes('.') ? source : `${source}/deep/x.ts`;
    const root = scratch({ [PANE_STAMP]: ['<script>', 100], [file]: ['changed', 1] });
    expect(buildState(root, PANE_STAMP, PANE_SOURCES)).toEqual({ state: 'stale', newerSource: file });
  });

  test('every source older than the build → current; missing sources are skipped', () => {
    const root = scratch({ [PANE_STAMP]: ['<script>', 1], 'src/taskpane/a.tsx': ['', 100] });
    expect(buildState(root, PANE_STAMP, PANE_SOURCES)).toEqual({ state: 'current' });
  });

  test('a file outside the pane sources does not make the pane stale', () => {
    const root = scratch({ [PANE_STAMP]: ['<script>', 100], 'src/server/main.ts': ['', 1] });
    expect(buildState(root, PANE_STAMP, PANE_SOURCES)).toEqual({ state: 'current' });
  });
});

/** A stand-in for webpack-cli: waits for `go`, then writes the new pane (or fails with FAIL). */
const FAKE_WEBPACK = `
const { existsSync, writeFileSync } = require('node:fs');
const deadline = Date.now() + 60000;
const wait = () => {
  if (existsSync('go')) {
    if (existsSync('fail')) process.exit(1);
    writeFileSync('dist/taskpane.html', '<script>NEW</script>');
    process.exit(0);
  }
  if (Date.now() > deadline) process.exit(2);
  setTimeout(wait, 20);
};
wait();
`;

async function mounted(root: string, buildIfMissing: boolean) {
  const app = Fastify();
  const pane = await mountPane(app, { buildIfMissing, logDir: root, origin: () => '', root });
  const page = async () => (await app.inject({ url: '/taskpane.html' })).body;
  return { app, pane, page };
}

describe('npm start and a pane older than its sources', () => {
  const staleRoot = () =>
    scratch({
      [PANE_STAMP]: ['<script>OLD</script>', 100],
      'src/messages/catalogs/fi.ts': ['changed by a pull', 1],
      'node_modules/webpack-cli/bin/cli.js': [FAKE_WEBPACK, 100],
    });

  test('rebuilds it and serves the waiting page, never the old pane, until the new one is built', async () => {
    const root = staleRoot();
    const { app, pane, page } = await mounted(root, true);
    expect([pane.status(), pane.newerSource]).toEqual(['building', 'src/messages/catalogs/fi.ts']);
    expect(await page()).toContain('The task pane is being built');
    writeFileSync(join(root, 'go'), '');
    expect(await pane.settled).toBe('built');
    expect(await page()).toBe('<script>NEW</script>');
    await app.close();
  });

  test('a failed rebuild says so and names the log', async () => {
    const root = staleRoot();
    const { app, pane } = await mounted(root, true);
    writeFileSync(join(root, 'fail'), '');
    writeFileSync(join(root, 'go'), '');
    expect(await pane.settled).toBe('failed');
    expect(pane.buildLog).toBe(join(root, 'pane-build.log'));
    await app.close();
  });

  test('with PANE_BUILD=0 it is served as it is and reported stale', async () => {
    const { app, pane, page } = await mounted(staleRoot(), false);
    expect([pane.status(), await pane.settled]).toEqual(['stale', 'stale']);
    expect(await page()).toBe('<script>OLD</script>');
    await app.close();
  });

  test('a current pane is served without a build', async () => {
    const root = scratch({
      [PANE_STAMP]: ['<script>OLD</script>', 1],
      'src/taskpane/a.tsx': ['', 100],
      'node_modules/webpack-cli/bin/cli.js': ['process.exit(3)', 100],
    });
    const { app, pane, page } = await mounted(root, true);
    expect([pane.status(), pane.buildLog, await page()]).toEqual(['built', null, '<script>OLD</script>']);
    await app.close();
  });
});
