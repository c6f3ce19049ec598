import { describe, expect, test } from '@jest/globals';
import { dbContent } from './pglite-reset.js';
import { sharedPglite } from './shared-pglite.js';

// Files that share one PGlite between rows (write-settle, let-go-stale-take) rely on each row being
// handed the database as the fresh template has it, whatever the row before wrote.
describe('sharedPglite: one database per file, fresh for every row', () => {
  const pglite = sharedPglite();

  test('a row writes, the next is handed the same database without what it wrote', async () => {
    const first = await pglite();
    const fresh = await dbContent(first);
    await first.query(`INSERT INTO users (user_id, tenant_id, object_id) VALUES ('u1', 't1', 'o1')`);
    await first.query(`SELECT nextval('sync_turn_holds_rev')`);
    expect(await dbContent(first)).not.toEqual(fresh);
    const second = await pglite();
    expect(second).toBe(first);
    expect(await dbContent(second)).toEqual(fresh);
  });
});
