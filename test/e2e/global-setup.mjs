// jest globalSetup of the `e2e` project (jest.config.js): runs once before any e2e worker starts,
// outside every test's and hook's 600 s guard, and only in a run that holds an e2e test. It builds
// the pane when its sources changed (pane-build.mjs) and makes one server data directory every e2e
// file's server starts from a copy of (test/e2e/server.ts, TEMPLATE_ENV).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePaneBuilt } from './pane-build.mjs';

/** Where the template is named to the workers (they inherit the environment); server.ts reads it. */
export const TEMPLATE_ENV = 'E2E_SERVER_TEMPLATE';

/**
 * A failure here never aborts the run (a globalSetup that throws ends every project's tests, unit
 * ones too): it is said in one line, and the e2e files meet it themselves — without a pane build
 * startTestServer refuses to start, without a template each server makes its own store as before.
 */
export default function globalSetup() {
  let pane;
  try {
    pane = ensurePaneBuilt();
  } catch (e) {
    process.stderr.write(`\ne2e set-up: ${e instanceof Error ? e.message : String(e)}\n`);
    return;
  }
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'pane-e2e-template-'));
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/e2e-template-main.ts', dir], {
    stdio: 'inherit',
  });
  if (made.status === 0) process.env[TEMPLATE_ENV] = dir;
  else rmSync(dir, { recursive: true, force: true });
  process.stderr.write(
    `\ne2e set-up, once for the run: pane ${pane.built ? `built in ${pane.ms} ms (${pane.why})` : 'current'}; ` +
      (made.status === 0
        ? `server template in ${Date.now() - started} ms\n`
        : `no server template (exit ${made.status}): each e2e server makes its own store\n`),
  );
}
