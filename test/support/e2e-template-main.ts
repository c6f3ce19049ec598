/**
 * `node --import tsx test/support/e2e-template-main.ts <dir>`: starts the e2e server once on the
 * empty data directory <dir> and stops it, leaving a store created, migrated and seeded there. The
 * e2e globalSetup (test/e2e/global-setup.mjs) runs it once per test run; each e2e file's server
 * then starts on a copy (test/e2e/server.ts) instead of running PGlite's initdb, the migrations
 * and the demo seed itself. Exit 2 with one line without <dir>.
 */
import { startServer } from '../../src/server/main.js';
import { testServerStart } from '../e2e/server.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: e2e-template-main.ts <empty data directory>\n');
  process.exit(2);
}
const server = await startServer(testServerStart(dir));
await server.close();
