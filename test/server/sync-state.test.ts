import { describe, test, expect } from '@jest/globals';
import { emptySyncFields } from '../../src/core/model.js';
import { conflict as conflictFixture, run as runFixture } from '../contracts/sync-state-store.fixtures.js';
import { call, userOf, useSyncHarness } from './sync-harness.js';

/** The state routes' statuses and error bodies (their behaviour is the store contract, run over HTTP elsewhere). */
const h = useSyncHarness();

const U = userOf('state@contoso.com');
const q = `userId=${encodeURIComponent(U)}&folderId=f1`;
const link = (n: number, outlookId = `ol-${n}`) => ({
  bcId: `bc-${String(n).padStart(4, '0')}`,
  outlookId,
  base: emptySyncFields(),
  bcEtag: `W/"${n}"`,
  outlookChangeKey: `ck-${n}`,
});

describe('state routes', () => {
  test('no token → 401 on a state route', async () => {
    expect((await call(h, null, 'GET', `/sync/v1/state/links?${q}`)).status).toBe(401);
  });

  test('links: upsert 204, keyset pages with next, delete 204', async () => {
    const links = [1, 2, 3, 4, 5].map((n) => link(n));
    expect((await call(h, U, 'POST', `/sync/v1/state/links?${q}`, { links })).status).toBe(204);
    const p1 = await call(h, U, 'GET', `/sync/v1/state/links?${q}&limit=2`);
    expect(p1.body).toEqual({
      links: links.slice(0, 2),
      next: 'bc-0002',
      '@odata.nextLink': `/sync/v1/state/links?${q}&limit=2&after=bc-0002`,
    });
    const p2 = await call(h, U, 'GET', `/sync/v1/state/links?${q}&limit=2&after=bc-0002`);
    expect(p2.body.next).toBe('bc-0004');
    // `after` deleted between pages: the next page starts after where it would sort.
    await call(h, U, 'POST', `/sync/v1/state/links/delete?${q}`, { bcIds: ['bc-0004'] });
    const p3 = await call(h, U, 'GET', `/sync/v1/state/links?${q}&limit=2&after=bc-0004`);
    expect(p3.body).toEqual({ links: [links[4]], next: null });
  });

  test('a link without its base → 400 saying where', async () => {
    const { base: _b, ...bad } = link(9);
    const r = await call(h, U, 'POST', `/sync/v1/state/links?${q}`, { links: [bad] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequest');
    expect(r.body.error.details[0]).toMatchObject({
      target: 'body/links/0',
      message: expect.stringMatching(/base/),
    });
  });

  test('more than 1000 links in one request → 400', async () => {
    const links = Array.from({ length: 1001 }, (_, i) => link(1000 + i));
    const r = await call(h, U, 'POST', `/sync/v1/state/links?${q}`, { links });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].target).toBe('body/links');
  });

  test("the store's refusals: taken outlookId → 409, U+0000 → 400, garbage time → 400", async () => {
    const taken = await call(h, U, 'POST', `/sync/v1/state/links?${q}`, { links: [link(77, 'ol-1')] });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'StateConflict']);
    expect(taken.body.error.message).toBe(
      'The sync state cannot hold this: Outlook contact ol-1 is already synced with another Business Central contact in this folder',
    );
    expect(taken.body.error.details[0].reason).toEqual({ kind: 'outlookIdTaken', outlookId: 'ol-1' });
    const nul = await call(h, U, 'POST', `/sync/v1/state/pending-creates?${q}`, { bcIds: ['a\u0000'] });
    expect(nul.status).toBe(400);
    const lease = await call(h, U, 'POST', '/sync/v1/state/lease/acquire', {
      key: 'k',
      owner: 'o',
      now: 'yesterday',
      ttlMs: 1000,
    });
    expect([lease.status, lease.body.error.message]).toEqual([
      400,
      'The sync state cannot hold this: yesterday is not a valid time (ISO 8601, UTC)',
    ]);
  });

  test('leases: acquire, refused with heldBy, renew, release', async () => {
    const body = { key: 'mine', owner: 'a', now: h.clock.now(), ttlMs: 60_000 };
    expect((await call(h, U, 'POST', '/sync/v1/state/lease/acquire', body)).body).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    const other = await call(h, U, 'POST', '/sync/v1/state/lease/acquire', { ...body, owner: 'b' });
    expect(other.body).toMatchObject({ ok: false, heldBy: { owner: 'a' } });
    expect((await call(h, U, 'POST', '/sync/v1/state/lease/renew', body)).body).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    expect(
      (await call(h, U, 'POST', '/sync/v1/state/lease/release', { key: 'mine', owner: 'a' })).status,
    ).toBe(204);
    expect((await call(h, U, 'POST', '/sync/v1/state/lease/acquire', { key: 'mine' })).status).toBe(400);
  });

  test('runs: PUT 204, GET by id and list; path and body ids must agree', async () => {
    const run = runFixture(U, 'r-1', h.clock.now());
    expect((await call(h, U, 'PUT', '/sync/v1/state/runs/r-1', run)).status).toBe(204);
    expect((await call(h, U, 'GET', `/sync/v1/state/runs/r-1?userId=${U}`)).body.run).toEqual(run);
    expect((await call(h, U, 'GET', `/sync/v1/state/runs?userId=${U}&limit=5`)).body.runs).toEqual([run]);
    expect((await call(h, U, 'PUT', '/sync/v1/state/runs/r-2', run)).status).toBe(400);
    const bad = await call(h, U, 'PUT', '/sync/v1/state/runs/r-1', { ...run, status: 'sleeping' });
    expect([bad.status, bad.body.error.details[0].target]).toEqual([400, 'body/status']);
  });

  test('settings, cursor, conflicts, skipped: round trips and 400s', async () => {
    expect((await call(h, U, 'GET', `/sync/v1/state/settings?userId=${U}`)).body).toEqual({ settings: null });
    const cursor = { bcDeltaLink: null, deltaLink: 'delta:1', filterKey: '[]' };
    expect((await call(h, U, 'PUT', `/sync/v1/state/cursor?${q}`, cursor)).status).toBe(204);
    expect((await call(h, U, 'GET', `/sync/v1/state/cursor?${q}`)).body).toEqual({ cursor });
    expect((await call(h, U, 'PUT', `/sync/v1/state/cursor?${q}`, { deltaLink: 1 })).status).toBe(400);
    const conflict = conflictFixture('bc-1', 'ol-1', 'x');
    expect(
      (await call(h, U, 'POST', `/sync/v1/state/conflicts?${q}`, { upserts: [conflict], remove: [] })).status,
    ).toBe(204);
    expect((await call(h, U, 'GET', `/sync/v1/state/conflicts?${q}`)).body.conflicts).toEqual([conflict]);
    const wrongField = {
      ...conflict,
      record: { ...conflict.record, fields: [{ ...conflict.record.fields[0], field: 'x' }] },
    };
    expect(
      (await call(h, U, 'POST', `/sync/v1/state/conflicts?${q}`, { upserts: [wrongField], remove: [] }))
        .status,
    ).toBe(400);
    const skip = {
      key: 'bc:1',
      record: { side: 'bc', bcId: '1', outlookId: '', displayName: 'A', reason: { kind: 'missingEmail' } },
    };
    expect(
      (await call(h, U, 'POST', `/sync/v1/state/skipped?${q}`, { entries: [skip], replace: true })).status,
    ).toBe(204);
    expect((await call(h, U, 'GET', `/sync/v1/state/skipped?${q}`)).body.skipped).toEqual([skip]);
    expect((await call(h, U, 'POST', `/sync/v1/state/skipped?${q}`, { entries: [skip] })).status).toBe(400);
    expect((await call(h, U, 'GET', `/sync/v1/state/skipped?userId=${U}`)).status).toBe(400);
  });
});
