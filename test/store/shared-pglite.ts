import { afterAll } from '@jest/globals';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { buildMigratedTemplate } from './pglite-template.js';
import { dbContent, resetDb } from './pglite-reset.js';
import type { DbContent } from './pglite-reset.js';

/**
 * One migrated PGlite for a test file's rows, each handed it as the fresh template gave it
 * (resetDb: every table and sequence put back), instead of a template loaded per row: ~1.1 s of
 * CPU a load at load 10 (write-settle and let-go-stale-take loaded 6 and 7). Call it while the file
 * is collected (it registers the close); the rows must not close the database themselves.
 *
 * @internal
 */
export function sharedPglite(): () => Promise<Db> {
  let opened: Promise<{ db: Db; fresh: DbContent }> | undefined;
  let handedOut = false;
  afterAll(async () => {
    if (opened) await (await opened).db.close();
  });
  return async () => {
    opened ??= (async () => {
      const db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
      return { db, fresh: await dbContent(db) };
    })();
    const { db, fresh } = await opened;
    if (handedOut) await resetDb(db, fresh);
    handedOut = true;
    return db;
  };
}
