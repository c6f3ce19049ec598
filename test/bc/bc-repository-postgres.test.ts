import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { insertCompany, insertContact, updateContact } from '../../src/store/bc-repository.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/open-store.js';
import { runBcContactsContract } from '../contracts/bc-contacts.contract.js';
import { storeUserHooks } from '../contracts/bc-store-hooks.js';

/**
 * The repository on a throwaway database of the local PostgreSQL server, where writes really run
 * concurrently (PGlite has one connection). A server that is down fails this file, like the state
 * store's PostgreSQL test.
 */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bcsync_repo_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let admin: pg.Client | undefined;
let store: Store;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  // Our own generated name: safe to splice (identifiers cannot be parameters).
  await admin.query(`CREATE DATABASE ${dbName}`);
  store = await openStore({ databaseUrl: dbUrl });
});

afterAll(async () => {
  await store?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

runBcContactsContract('StoreBcContacts on PostgreSQL', async () => {
  const clock = new ManualClock();
  const company = await insertCompany(store.db, clock, { name: `Contract ${Date.now()}` });
  return {
    bc: new StoreBcContacts(store.db, clock, company.id),
    ...storeUserHooks(store.db, clock, company.id),
    tick: async () => clock.advance(1000),
    teardown: async () => undefined,
  };
});

describe('concurrency on PostgreSQL', () => {
  test('20 concurrent creates get 20 distinct numbers', async () => {
    const clock = new ManualClock();
    const company = await insertCompany(store.db, clock, { name: 'Race Ltd.' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        insertContact(store.db, clock, company.id, { displayName: `R${i}` }),
      ),
    );
    const numbers = results.map((r) => (r.ok ? r.value.number : r.error.message));
    expect(new Set(numbers).size).toBe(20);
    expect([...numbers].sort()[19]).toBe('CT000020');
  });

  test('10 concurrent updates with one etag: exactly one wins, the rest are stale', async () => {
    const clock = new ManualClock();
    const company = await insertCompany(store.db, clock, { name: 'Etag Ltd.' });
    const c = await insertContact(store.db, clock, company.id, { displayName: 'E' });
    if (!c.ok) throw new Error(c.error.message);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        updateContact(store.db, clock, company.id, c.value.id, c.value.etag, { city: `C${i}` }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.kind === 'stale')).toHaveLength(9);
  });
});
