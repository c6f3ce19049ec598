/**
 * A run's links after its Outlook writes, written as the lease's holder (the fenced view's
 * upsertLinks), go out as ONE statement on the SQL store (issue 12 §2: a transaction of four round
 * trips — BEGIN with the lease row's lock, the room check, the upsert, COMMIT — stood between a
 * delta's last write and its end). The statement keeps what the transaction checked: the fence
 * (nothing written once the lease is another's), the scope's cap (scopeFull, nothing written; a
 * batch of updates passes at the cap) and an Outlook id another link holds (outlookIdTaken).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Link } from '../../src/core/link.js';
import type { SyncScope } from '../../src/core/ports.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { link } from '../contracts/sync-state-store.fixtures.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

const NOW = '2026-12-05T04:00:00.000Z';
const CAPS = { links: 3, skipped: 100, conflicts: 100, pending: 100 };

/** `db` that notes every statement and transaction it is asked for. */
function noting(inner: Db, sent: string[]): Db {
  const wrap = (d: Db): Db => ({
    query: (sql, params) => (sent.push('query'), d.query(sql, params)),
    exec: (sql) => (sent.push('exec'), d.exec(sql)),
    transaction: (fn) => (sent.push('transaction'), d.transaction((tx) => fn(wrap(tx)))),
    ...(d.transactionAfter
      ? {
          transactionAfter: <T, R>(first: string, fn: (tx: Db, rows: R[]) => Promise<T>) => (
            sent.push('transaction'),
            d.transactionAfter!<T, R>(first, (tx, rows) => fn(wrap(tx), rows))
          ),
        }
      : {}),
    close: () => d.close(),
  });
  return wrap(inner);
}

describe.each(STORE_ENGINES)("a run's fenced links on %s", (_engine, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(() => db.close());

  /** A scope of its own and its lease held by `run-a`. */
  const leased = async (name: string) => {
    const scope: SyncScope = { userId: `fenced-links-${name}-${Math.random()}`, folderId: 'f-1' };
    const key = `lease-${scope.userId}`;
    const store = new SqlSyncStateStore(db, undefined, CAPS);
    expect((await store.acquireLease(key, 'run-a', NOW, 60_000, null)).ok).toBe(true);
    return { scope, key, store };
  };
  const ids = (links: Link[]) => links.map((l) => [l.bcId, l.outlookId, l.bcEtag]);

  test('one statement, no transaction, for updates of stored links; new links are counted after the lease lock', async () => {
    const { scope, key, store } = await leased('one');
    const sent: string[] = [];
    const fenced = new SqlSyncStateStore(noting(db, sent), undefined, CAPS).fenced({ key, owner: 'run-a' });
    // A batch that grows the scope: the one statement writes nothing, then the locked transaction
    // counts the scope (fenced-links-cap-race: one statement's snapshot predates the lock).
    await fenced.upsertLinks(scope, [link('bc-1', 'ol-1', 1), link('bc-2', 'ol-2', 2)]);
    expect(sent[0]).toBe('query');
    expect(sent.slice(1)).toContain('transaction');
    sent.length = 0;
    await fenced.upsertLinks(scope, [link('bc-1', 'ol-1', 3)]);
    expect(sent).toStrictEqual(['query']);
    expect(ids(await store.listLinks(scope))).toStrictEqual([
      ['bc-1', 'ol-1', 'W/"3"'],
      ['bc-2', 'ol-2', 'W/"2"'],
    ]);
  });

  test('a lease that is another owner’s: leaseLost, nothing written', async () => {
    const { scope, key, store } = await leased('lost');
    await store.releaseLease(key, 'run-a');
    expect((await store.acquireLease(key, 'run-b', NOW, 60_000, null)).ok).toBe(true);
    await expect(
      store.fenced({ key, owner: 'run-a' }).upsertLinks(scope, [link('bc-1', 'ol-1', 1)]),
    ).rejects.toMatchObject({ name: 'LeaseLostError', message: 'leaseLost' });
    expect(await store.listLinks(scope)).toStrictEqual([]);
  });

  test('past the scope’s cap: scopeFull, nothing written; updates at the cap pass', async () => {
    const { scope, key, store } = await leased('cap');
    const fenced = store.fenced({ key, owner: 'run-a' });
    await fenced.upsertLinks(scope, [link('bc-1', 'ol-1', 1), link('bc-2', 'ol-2', 2)]);
    await expect(
      fenced.upsertLinks(scope, [link('bc-1', 'ol-1', 5), link('bc-3', 'ol-3', 3), link('bc-4', 'ol-4', 4)]),
    ).rejects.toMatchObject({ refusal: { kind: 'scopeFull', list: 'links', max: 3 } });
    expect(ids(await store.listLinks(scope))).toStrictEqual([
      ['bc-1', 'ol-1', 'W/"1"'],
      ['bc-2', 'ol-2', 'W/"2"'],
    ]);
    await fenced.upsertLinks(scope, [link('bc-3', 'ol-3', 3)]);
    await fenced.upsertLinks(scope, [
      link('bc-1', 'ol-1', 6),
      link('bc-2', 'ol-2', 7),
      link('bc-3', 'ol-3', 8),
    ]);
    expect(ids(await store.listLinks(scope))).toStrictEqual([
      ['bc-1', 'ol-1', 'W/"6"'],
      ['bc-2', 'ol-2', 'W/"7"'],
      ['bc-3', 'ol-3', 'W/"8"'],
    ]);
  });

  test('an Outlook id another link holds: outlookIdTaken, nothing written', async () => {
    const { scope, key, store } = await leased('taken');
    const fenced = store.fenced({ key, owner: 'run-a' });
    await fenced.upsertLinks(scope, [link('bc-1', 'ol-1', 1)]);
    await expect(
      fenced.upsertLinks(scope, [link('bc-2', 'ol-2', 2), link('bc-3', 'ol-1', 3)]),
    ).rejects.toMatchObject({ refusal: { kind: 'outlookIdTaken', outlookId: 'ol-1' } });
    expect(ids(await store.listLinks(scope))).toStrictEqual([['bc-1', 'ol-1', 'W/"1"']]);
  });

  test('pending creates and removals: one statement each; another owner’s lease: leaseLost, nothing written', async () => {
    const { scope, key, store } = await leased('keys');
    const sent: string[] = [];
    const fenced = new SqlSyncStateStore(noting(db, sent), undefined, CAPS).fenced({ key, owner: 'run-a' });
    await store.upsertLinks(scope, [link('bc-1', 'ol-1', 1), link('bc-2', 'ol-2', 2)]);
    await fenced.addPendingCreates(scope, ['bc-7', 'bc-8', 'bc-7']);
    await fenced.clearPendingCreates(scope, ['bc-8']);
    await fenced.deleteLinks(scope, ['bc-2']);
    expect(sent).toStrictEqual(['query', 'query', 'query']);
    expect(await store.listPendingCreates(scope)).toStrictEqual(['bc-7']);
    expect(ids(await store.listLinks(scope))).toStrictEqual([['bc-1', 'ol-1', 'W/"1"']]);
    await store.releaseLease(key, 'run-a');
    expect((await store.acquireLease(key, 'run-b', NOW, 60_000, null)).ok).toBe(true);
    const lost = { name: 'LeaseLostError', message: 'leaseLost' };
    await expect(fenced.addPendingCreates(scope, ['bc-9'])).rejects.toMatchObject(lost);
    await expect(fenced.clearPendingCreates(scope, ['bc-7'])).rejects.toMatchObject(lost);
    await expect(fenced.deleteLinks(scope, ['bc-1'])).rejects.toMatchObject(lost);
    expect(await store.listPendingCreates(scope)).toStrictEqual(['bc-7']);
    expect(ids(await store.listLinks(scope))).toStrictEqual([['bc-1', 'ol-1', 'W/"1"']]);
  });
});
