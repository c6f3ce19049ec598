import { openPglite } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';

/**
 * A fresh PGlite costs 4–7 s of initdb; a migrated template dumped once per test file and loaded
 * per database costs well under that (toolchain notes, PGlite section).
 */
export async function buildMigratedTemplate(): Promise<{ template: Blob | File; ms: number }> {
  const started = performance.now();
  const db = await openPglite();
  try {
    await migrate(db);
    const template = await db.pglite.dumpDataDir('gzip');
    return { template, ms: Math.round(performance.now() - started) };
  } finally {
    await db.close();
  }
}
