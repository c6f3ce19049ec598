// The task pane the browser tests load, built once per test run (global-setup.mjs, the `e2e`
// project's globalSetup in jest.config.js) and never per test file: a production build took 578 s of wall time at
// load ~30 on 2 cores, inside the first file's beforeAll and so inside its 600 s guard, and two
// files in two workers could both find it stale and build into the same dist/ at once.
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { PANE_SOURCES, PANE_STAMP, buildState } from '../../src/platform/source-freshness.mjs';

/**
 * Builds the pane into `root`/dist when it is missing or older than its sources (the server serves
 * dist/). Returns what it did and how long it took (ms of wall time); throws when webpack fails.
 */
export function ensurePaneBuilt(root = process.cwd()) {
  const found = buildState(root, PANE_STAMP, PANE_SOURCES);
  if (found.state === 'current') return { built: false, ms: 0, why: 'current' };
  const why = found.state === 'stale' ? `${found.newerSource} is newer than the build` : 'no build';
  const started = Date.now();
  // webpack-cli through node itself: npx would resolve the package again on every call.
  const done = spawnSync(
    process.execPath,
    [join(root, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ANALYZE: '0' } },
  );
  if (done.status !== 0) throw new Error(`the task pane build failed (webpack exit ${done.status})`);
  // webpack leaves an unchanged file unwritten: mark the build as newer than its sources.
  const now = new Date();
  utimesSync(join(root, PANE_STAMP), now, now);
  return { built: true, ms: Date.now() - started, why };
}

/** Whether `root` holds a pane build at all (a test server without one would serve a stand-in page). */
export function paneBuildExists(root = process.cwd()) {
  return existsSync(join(root, PANE_STAMP));
}
