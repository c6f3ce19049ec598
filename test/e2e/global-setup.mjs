// jest globalSetup of the `e2e` project (jest.config.js): runs once before any e2e worker starts,
// outside every test's and hook's 600 s guard, and only in a run that holds an e2e test. It builds
// the pane when its sources changed (pane-build.mjs) and makes one server data directory every e2e
// file's server starts from a copy of (test/e2e/server.ts, TEMPLATE_ENV).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePaneBuilt } from './pane-build.mjs';

/** Where the template is named to the workers (they inherit the environment); server.ts reads it. */
export const TEMPLATE_ENV = 'E2E_SERVER_TEMPLATE';

export default function globalSetup() {
  const pane = ensurePaneBuilt();
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'pane-e2e-template-'));
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/e2e-template-main.ts', dir], {
    stdio: 'inherit',
  });
  if (made.status !== 0) throw new Error(`the e2e server template failed (exit ${made.status})`);
  process.env[TEMPLATE_ENV] = dir;
  process.stderr.write(
    `\ne2e set-up, once for the run: pane ${pane.built ? `built in ${pane.ms} ms (${pane.why})` : 'current'}; ` +
      `server template in ${Date.now() - started} ms\n`,
  );
}
