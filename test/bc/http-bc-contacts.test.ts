import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import { deleteContact } from '../../src/store/bc-repository.js';
import { bcDraft, runBcContactsContract } from '../contracts/bc-contacts.contract.js';
import { storeUserHooks } from '../contracts/bc-store-hooks.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { dbContent, resetDb } from '../store/pglite-reset.js';
import type { DbContent } from '../store/pglite-reset.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { httpBcContactsOn, openCounter, startFacade } from './harness.js';
import type { Facade } from './harness.js';

// One PGlite for the file, put back to the fresh template before each facade starts on it
// (pglite-reset.ts): a template load per facade cost 4–7 s of CPU each (issue 12: CI time).
let template: Blob | File;
let db: Db;
let fresh: DbContent;
beforeAll(async () => {
  ({ template } = await buildMigratedTemplate());
  db = await openPglite({ loadDataDir: template });
  fresh = await dbContent(db);
});
afterAll(async () => {
  await db?.close();
});

/** A facade listening on loopback, on the file's database as the template left it. */
async function freshFacade(): Promise<Facade> {
  await resetDb(db, fresh);
  return startFacade({ template, db, listen: true });
}

runBcContactsContract('HttpBcContacts against the facade on loopback', async () => {
  const f = await freshFacade();
  return {
    bc: httpBcContactsOn(f),
    paged: (pageSize) => httpBcContactsOn(f, { pageSize }),
    ...storeUserHooks(f.db, f.clock, f.company.id),
    tick: async () => f.clock.advance(1000),
    teardown: () => f.close(),
  };
});

describe('HttpBcContacts on the facade: paging, filters, getMany', () => {
  let f: Facade;
  let bc: HttpBcContacts;
  beforeAll(async () => {
    f = await freshFacade();
    bc = httpBcContactsOn(f, { pageSize: 3 });
  });
  afterAll(async () => {
    await f.close();
  });

  test('listAll follows nextLinks; getMany keeps order and skips unknown ids', async () => {
    const made = await bc.create(Array.from({ length: 8 }, (_, i) => bcDraft(i + 1)));
    const ids = made.map((m) => (m.ok ? m.value.id : ''));
    const all = await bc.listAll();
    expect(all).toHaveLength(8);
    // One $batch for the 8 creates, 3 pages of the list.
    expect(bc.stats().requests).toBe(1 + 3);
    const some = await bc.getMany([ids[5]!, '11111111-2222-4333-8444-555555555555', ids[0]!, 'junk']);
    expect(some.map((c) => c.displayName)).toEqual(['Contact 6', 'Contact 1']);
  });

  test('writes go in $batches, four envelopes at a time (never more), results in the order asked, stale ones per item', async () => {
    const lanes = openCounter();
    const parallel = httpBcContactsOn(f, { fetch: lanes.fetch });
    const n = 45;
    const made = await parallel.create(Array.from({ length: n }, (_, i) => bcDraft(100 + i)));
    expect(made.map((m) => (m.ok ? m.value.displayName : m.error.kind))).toEqual(
      Array.from({ length: n }, (_, i) => `Contact ${100 + i}`),
    );
    // 45 operations over four envelopes (12, 12, 12, 9), all four in flight together.
    expect(parallel.stats().requests).toBe(4);
    expect(lanes.most).toBe(4);
    lanes.most = 0;
    const ok = made.map((m) => (m.ok ? m.value : null)).filter((c) => c !== null);
    const updated = await parallel.update(
      ok.map((c, i) => ({ id: c.id, etag: i === 3 ? 'W/"stale"' : c.etag, patch: { jobTitle: `T${i}` } })),
    );
    expect(updated.map((u) => (u.ok ? u.value.jobTitle : u.error.kind))).toEqual(
      ok.map((_, i) => (i === 3 ? 'stale' : `T${i}`)),
    );
    expect(parallel.stats().requests).toBe(8);
    expect(lanes.most).toBe(4);
    // Reads by id and by e-mail go as GET operations of one $batch.
    const before = parallel.stats().requests;
    const byId = await parallel.getMany(ok.map((c) => c.id));
    expect(byId).toHaveLength(n);
    const byEmail = await parallel.findByEmails(ok.map((c) => c.email.toUpperCase()));
    expect(byEmail.map((c) => c.id).sort()).toEqual(ok.map((c) => c.id).sort());
    expect(parallel.stats().requests - before).toBe(2);
  });
});

describe('one delta link for every host (issue 11 §1): HTTP on the facade and the store in-process', () => {
  test('a link made over HTTP is followed in-process, and one made in-process over HTTP', async () => {
    const f = await freshFacade();
    try {
      const http = httpBcContactsOn(f);
      const store = new StoreBcContacts(f.db, f.clock, f.company.id);
      const [a, b] = (await http.create([bcDraft(1), bcDraft(2)])).map((m) => (m.ok ? m.value : null));
      const byHttp = await http.readChanges(null);
      expect(byHttp.deltaLink).toMatch(/^companies\([0-9a-f-]{36}\)\/contacts\?\$deltatoken=/);
      f.clock.advance(10 * 60_000);
      await deleteContact(f.db, f.clock, f.company.id, a!.id, '*');
      // Past the links' margin (they report again what changed up to 2 minutes before they were made).
      f.clock.advance(5 * 60_000);
      const inProcess = await store.readChanges(byHttp.deltaLink);
      expect(inProcess).toMatchObject({ kind: 'changes', deletedIds: [a!.id] });
      f.clock.advance(10 * 60_000);
      await deleteContact(f.db, f.clock, f.company.id, b!.id, '*');
      const overHttp = await http.readChanges(inProcess.deltaLink);
      // Exactly the deletion after the in-process link: the earlier one is not reported again.
      expect(overHttp).toMatchObject({ kind: 'changes', changed: [], deletedIds: [b!.id] });
    } finally {
      await f.close();
    }
  });
});
