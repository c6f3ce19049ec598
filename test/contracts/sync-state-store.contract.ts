import { afterAll, describe, test, expect } from '@jest/globals';
import type { Link } from '../../src/core/link.js';
import type { SyncFields } from '../../src/core/model.js';
import type { ConflictEntry, SkipEntry, SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { leaseKeyOf } from '../../src/core/lease.js';
import type { RunRecord, SyncSettings } from '../../src/core/records.js';
import { bulkLink, conflict, link, run, skipEntryFixture } from './sync-state-store.fixtures.js';
import { freshUserKey, shareStore, withStore } from './store-setup.js';
import { runScopeListsContract } from './scope-lists.contract.js';
import { runLongListsContract } from './long-lists.contract.js';
import { runRunEndKeepContract } from './run-end-keep.contract.js';
import { runLeaseFenceContract } from './lease-fence.contract.js';
import { runOpeningGiveBackContract } from './opening-give-back.contract.js';
import type { CappedSetup } from './scope-lists.contract.js';

/**
 * The behaviour every `SyncStateStore` must have (memory fake, PGlite, PostgreSQL, HTTP).
 * `setup()` runs once per suite, its store shared by every block (shareStore); each test works under
 * its own user ids, so tests are independent while the store holds many users at once (as in
 * production). `setup(caps)` makes the same store with lowered per-scope caps (scope-lists.contract.ts:
 * paging and caps, F46).
 */
export function runSyncStateStoreContract(name: string, setup: CappedSetup): void {
  describe(name, () => {
    const one = shareStore(() => setup());
    afterAll(() => one.close());
    runScopeListsContract(one.setup, setup);
    runLongListsContract(one.setup);
    runLeaseFenceContract(one.setup);
    runRunEndKeepContract(one.setup);
    runOpeningGiveBackContract(one.setup);

    let store: SyncStateStore;
    withStore(one.setup, (s) => (store = s));
    /** A fresh user id (and scopes under it) per test. */
    const fresh = () => {
      const userId = freshUserKey('user');
      return { userId, scope: { userId, folderId: 'folder-A' } as SyncScope };
    };

    describe('settings', () => {
      test('null when unset, then put, then overwrite', async () => {
        const { userId } = fresh();
        expect(await store.getSettings(userId)).toBeNull();
        await store.putSettings(userId, DEFAULT_SETTINGS);
        expect(await store.getSettings(userId)).toStrictEqual(DEFAULT_SETTINGS);
        const next: SyncSettings = {
          folderName: 'Kontakte "BC" ✓',
          filter: { city: 'Helsinki|Espoo', salespersonCode: 'JO' },
          conflictPolicy: 'manual',
          scheduleMinutes: 0,
          massDeleteShare: 0.35,
        };
        await store.putSettings(userId, next);
        expect(await store.getSettings(userId)).toStrictEqual(next);
        expect(await store.getSettings(fresh().userId)).toBeNull();
      });

      test('settings typed decomposed (NFD) are stored in the one text form, NFC (tester F15)', async () => {
        const { userId } = fresh();
        const nfd = (s: string) => s.normalize('NFD');
        await store.putSettings(userId, {
          ...DEFAULT_SETTINGS,
          folderName: nfd('Clientés'),
          filter: { name: nfd('Chloé*'), city: nfd('Orléans|Besançon') },
        });
        const got = await store.getSettings(userId);
        expect(got?.folderName).toBe('Clientés'.normalize('NFC'));
        expect(got?.filter).toStrictEqual({
          name: 'Chloé*'.normalize('NFC'),
          city: 'Orléans|Besançon'.normalize('NFC'),
        });
      });

      test('returned settings are a copy', async () => {
        const { userId } = fresh();
        const mine = { ...DEFAULT_SETTINGS, filter: { city: 'Oslo' } };
        await store.putSettings(userId, mine);
        (mine.filter as Record<string, string>).city = 'changed after put';
        const got = (await store.getSettings(userId)) as SyncSettings;
        (got.filter as Record<string, string>).city = 'changed after get';
        expect((await store.getSettings(userId))?.filter).toStrictEqual({ city: 'Oslo' });
      });
    });

    describe('cursor', () => {
      test('per scope: null, put, overwrite, other folder untouched', async () => {
        const { userId, scope } = fresh();
        const other = { userId, folderId: 'folder-B' };
        expect(await store.getCursor(scope)).toBeNull();
        await store.putCursor(scope, { bcDeltaLink: null, deltaLink: null, filterKey: '' });
        expect(await store.getCursor(scope)).toStrictEqual({
          bcDeltaLink: null,
          deltaLink: null,
          filterKey: '',
        });
        const c = {
          bcDeltaLink:
            'https://bc.example/api/v2.0/companies(8a3d6c2e-1f4b-4c1a-9e2d-5b7f0a9c3e11)/contacts?$deltatoken=eyJ2IjoxfQ',
          deltaLink: 'https://graph.microsoft.com/v1.0/me/contactFolders/x/contacts/delta?$deltatoken=a%2Bb',
          filterKey: '{"city":"Oslo"}',
        };
        await store.putCursor(scope, c);
        expect(await store.getCursor(scope)).toStrictEqual(c);
        expect(await store.getCursor(other)).toBeNull();
        expect(await store.getCursor({ userId: fresh().userId, folderId: 'folder-A' })).toBeNull();
      });
    });

    describe('links', () => {
      test('upsert inserts, replaces by bcId, lists sorted by bcId, deletes', async () => {
        const { scope } = fresh();
        expect(await store.listLinks(scope)).toStrictEqual([]);
        const a = link('bc-a', 'ol-a', 1);
        const b = link('bc-b', 'ol-b', 2);
        await store.upsertLinks(scope, [b, a]);
        expect(await store.listLinks(scope)).toStrictEqual([a, b]);
        const a2: Link = { ...a, outlookId: 'ol-a2', bcEtag: 'W/"9"', base: { ...a.base, city: 'Turku' } };
        await store.upsertLinks(scope, [a2]);
        expect(await store.listLinks(scope)).toStrictEqual([a2, b]);
        await store.deleteLinks(scope, ['bc-a', 'bc-missing']);
        expect(await store.listLinks(scope)).toStrictEqual([b]);
        await store.upsertLinks(scope, []);
        await store.deleteLinks(scope, []);
        expect(await store.listLinks(scope)).toStrictEqual([b]);
      });

      test('findLinks: by either key, each link once, in bcId order, scoped; countLinks counts the scope', async () => {
        const { userId, scope } = fresh();
        const other: SyncScope = { userId, folderId: 'folder-B' };
        // Ids above U+FFFF sort by code point (as PostgreSQL's "C" collation), not by UTF-16 unit.
        const ids = ['bc-\u{1F600}', 'bc-a', 'bc-b', 'bc-c', 'bc-\uFFFD'];
        const all = ids.map((id, i) => link(id, `ol-${i}`, i));
        await store.upsertLinks(scope, all);
        await store.upsertLinks(other, [link('bc-a', 'ol-1', 9), link('bc-z', 'ol-9', 9)]);
        const [smile, a, b, c, fffd] = all as [Link, Link, Link, Link, Link];
        expect(await store.findLinks(scope, { bcIds: [], outlookIds: [] })).toStrictEqual([]);
        expect(await store.findLinks(scope, { bcIds: ['bc-c', 'bc-missing'], outlookIds: [] })).toStrictEqual(
          [c],
        );
        expect(await store.findLinks(scope, { bcIds: [], outlookIds: ['ol-1', 'ol-9'] })).toStrictEqual([a]);
        // A link named by both of its keys, or twice, comes once; the order is the store's.
        expect(
          await store.findLinks(scope, {
            bcIds: ['bc-\u{1F600}', 'bc-b', 'bc-b', 'bc-\uFFFD'],
            outlookIds: ['ol-0', 'ol-3', 'ol-2'],
          }),
        ).toStrictEqual([b, c, fffd, smile]);
        expect(await store.findLinks(scope, { bcIds: ['bc-z'], outlookIds: ['ol-9'] })).toStrictEqual([]);
        expect(await store.findLinks(other, { bcIds: ['bc-z'], outlookIds: ['ol-1'] })).toStrictEqual([
          link('bc-a', 'ol-1', 9),
          link('bc-z', 'ol-9', 9),
        ]);
        expect(await store.countLinks(scope)).toBe(5);
        expect(await store.countLinks(other)).toBe(2);
        expect(await store.countLinks({ userId, folderId: 'folder-none' })).toBe(0);
        await store.deleteLinks(scope, ['bc-a']);
        expect(await store.countLinks(scope)).toBe(4);
        expect(await store.findLinks(scope, { bcIds: ['bc-a'], outlookIds: ['ol-1'] })).toStrictEqual([]);
        const found = await store.findLinks(scope, { bcIds: ['bc-b'], outlookIds: [] });
        (found[0] as { base: SyncFields }).base.city = 'mutated';
        expect(await store.findLinks(scope, { bcIds: ['bc-b'], outlookIds: [] })).toStrictEqual([b]);
      });

      test('findLinks with 2,500 ids of each kind finds them all', async () => {
        const { scope } = fresh();
        const all: Link[] = [];
        for (let i = 0; i < 6000; i++) all.push(bulkLink(i));
        for (let i = 0; i < all.length; i += 1000) await store.upsertLinks(scope, all.slice(i, i + 1000));
        const byBc = all.filter((_, i) => i % 2 === 0).slice(0, 2500);
        const byOl = all.filter((_, i) => i % 2 === 1).slice(0, 2500);
        const got = await store.findLinks(scope, {
          bcIds: byBc.map((l) => l.bcId),
          outlookIds: byOl.map((l) => l.outlookId),
        });
        expect(got.map((l) => l.bcId)).toStrictEqual([...byBc, ...byOl].map((l) => l.bcId).sort());
        expect(await store.countLinks(scope)).toBe(6000);
      });

      test('a link keeps the Outlook-only values it remembers; one without them comes back without them', async () => {
        const { scope } = fresh();
        const own = { emails: ['Mine@Example.org', 'Åsa@example.org'], phones: ['+43 1 999 0000'] };
        const a: Link = { ...link('bc-a', 'ol-a', 1), outlookOwn: own };
        const b = link('bc-b', 'ol-b', 2);
        await store.upsertLinks(scope, [a, b]);
        expect(await store.listLinks(scope)).toStrictEqual([a, b]);
        const a2: Link = { ...a, outlookOwn: { emails: [], phones: [] } };
        await store.upsertLinks(scope, [a2]);
        expect(await store.listLinks(scope)).toStrictEqual([a2, b]);
        const { outlookOwn: _dropped, ...a3 } = a2;
        await store.upsertLinks(scope, [a3]);
        expect(await store.listLinks(scope)).toStrictEqual([a3, b]);
      });

      test('a link keeps that Outlook held its base at its changeKey; one without it comes back without it', async () => {
        // Issue 12 §2: a delta PATCHes an unreported contact on this word, unread (core/delta-reads.ts).
        const { scope } = fresh();
        const a: Link = { ...link('bc-a', 'ol-a', 1), outlookHoldsBase: true };
        const b = link('bc-b', 'ol-b', 2);
        await store.upsertLinks(scope, [a, b]);
        expect(await store.listLinks(scope)).toStrictEqual([a, b]);
        expect(await store.findLinks(scope, { bcIds: ['bc-a'], outlookIds: [] })).toStrictEqual([a]);
        const { outlookHoldsBase: _dropped, ...a2 } = a;
        await store.upsertLinks(scope, [a2, { ...b, outlookHoldsBase: true }]);
        expect(await store.listLinks(scope)).toStrictEqual([a2, { ...b, outlookHoldsBase: true }]);
      });

      test('scopes are isolated: two users, two folders', async () => {
        const u1 = fresh().userId;
        const u2 = fresh().userId;
        const s = [
          { userId: u1, folderId: 'f1' },
          { userId: u1, folderId: 'f2' },
          { userId: u2, folderId: 'f1' },
        ];
        // The same ids in every scope: neither key may collide across scopes.
        for (const [i, sc] of s.entries()) await store.upsertLinks(sc, [link('bc-1', 'ol-1', i)]);
        for (const [i, sc] of s.entries())
          expect(await store.listLinks(sc)).toStrictEqual([link('bc-1', 'ol-1', i)]);
        await store.deleteLinks(s[0] as SyncScope, ['bc-1']);
        expect(await store.listLinks(s[0] as SyncScope)).toStrictEqual([]);
        expect(await store.listLinks(s[1] as SyncScope)).toStrictEqual([link('bc-1', 'ol-1', 1)]);
        expect(await store.listLinks(s[2] as SyncScope)).toStrictEqual([link('bc-1', 'ol-1', 2)]);
      });

      test('an outlookId linked to another bcId in the scope is refused and nothing changes', async () => {
        const { scope } = fresh();
        await store.upsertLinks(scope, [link('bc-a', 'ol-a', 1), link('bc-b', 'ol-b', 2)]);
        await expect(
          store.upsertLinks(scope, [link('bc-c', 'ol-c', 3), link('bc-x', 'ol-a', 4)]),
        ).rejects.toMatchObject({
          name: 'StateStoreRefusal',
          refusal: { kind: 'outlookIdTaken', outlookId: 'ol-a' },
        });
        expect(await store.listLinks(scope)).toStrictEqual([
          link('bc-a', 'ol-a', 1),
          link('bc-b', 'ol-b', 2),
        ]);
        // The same outlookId in another folder is fine.
        await store.upsertLinks({ ...scope, folderId: 'other' }, [link('bc-x', 'ol-a', 4)]);
      });

      test('one batch may swap outlookIds; duplicates inside a batch are refused', async () => {
        const { scope } = fresh();
        await store.upsertLinks(scope, [link('bc-a', 'ol-a', 1), link('bc-b', 'ol-b', 2)]);
        await store.upsertLinks(scope, [link('bc-a', 'ol-b', 1), link('bc-b', 'ol-a', 2)]);
        expect((await store.listLinks(scope)).map((l) => [l.bcId, l.outlookId])).toStrictEqual([
          ['bc-a', 'ol-b'],
          ['bc-b', 'ol-a'],
        ]);
        await expect(
          store.upsertLinks(scope, [link('bc-c', 'ol-c', 1), link('bc-c', 'ol-d', 2)]),
        ).rejects.toMatchObject({
          name: 'StateStoreRefusal',
          refusal: { kind: 'duplicateInBatch', field: 'bcId', key: 'bc-c' },
        });
        await expect(
          store.upsertLinks(scope, [link('bc-c', 'ol-c', 1), link('bc-d', 'ol-c', 2)]),
        ).rejects.toMatchObject({
          name: 'StateStoreRefusal',
          refusal: { kind: 'duplicateInBatch', field: 'outlookId', key: 'ol-c' },
        });
        expect(await store.listLinks(scope)).toHaveLength(2);
      });

      /** Every batch write and each key it must hold once per batch (assertWritableBatch). */
      const batchWrites: readonly {
        readonly write: string;
        readonly field: string;
        readonly run: (scope: SyncScope) => Promise<void>;
        readonly read: (scope: SyncScope) => Promise<unknown[]>;
      }[] = [
        {
          write: 'upsertLinks',
          field: 'bcId',
          run: (sc) => store.upsertLinks(sc, [link('bc-c', 'ol-c', 1), link('bc-c', 'ol-d', 2)]),
          read: (sc) => store.listLinks(sc),
        },
        {
          write: 'upsertLinks',
          field: 'outlookId',
          run: (sc) => store.upsertLinks(sc, [link('bc-c', 'ol-c', 1), link('bc-d', 'ol-c', 2)]),
          read: (sc) => store.listLinks(sc),
        },
        {
          write: 'putConflicts',
          field: 'bcId',
          run: (sc) =>
            store.putConflicts(sc, [conflict('bc-c', 'ol-c', 'A'), conflict('bc-c', 'ol-d', 'B')], []),
          read: (sc) => store.listConflicts(sc),
        },
        {
          write: 'putSkipped',
          field: 'key',
          run: (sc) =>
            store.putSkipped(
              sc,
              [skipEntryFixture('bc-c', 'missingName'), skipEntryFixture('bc-c', 'missingEmail')],
              {
                replace: false,
              },
            ),
          read: (sc) => store.listSkipped(sc),
        },
      ];
      test.each(batchWrites)('$write refuses a batch with one $field twice and writes nothing', async (w) => {
        const { scope } = fresh();
        const key = w.field === 'outlookId' ? 'ol-c' : 'bc-c';
        await expect(w.run(scope)).rejects.toMatchObject({
          name: 'StateStoreRefusal',
          refusal: { kind: 'duplicateInBatch', field: w.field, key },
        });
        expect(await w.read(scope)).toStrictEqual([]);
      });

      test('stored links are copies', async () => {
        const { scope } = fresh();
        const a = link('bc-a', 'ol-a', 1);
        const mine = { ...a, base: { ...a.base } };
        await store.upsertLinks(scope, [mine]);
        mine.base.city = 'mutated';
        const got = await store.listLinks(scope);
        (got[0] as { base: SyncFields }).base.city = 'mutated too';
        expect(await store.listLinks(scope)).toStrictEqual([a]);
      });

      test('text PostgreSQL cannot store (U+0000, lone surrogates) is refused, nothing written', async () => {
        const { userId, scope } = fresh();
        // By kind, not by wording: every adapter throws the same typed refusal.
        const bad = expect.objectContaining({ name: 'StateStoreRefusal', kind: 'unstorableText' });
        const a = link('bc-a', 'ol-a', 1);
        await expect(
          store.upsertLinks(scope, [{ ...a, base: { ...a.base, city: 'x\u0000y' } }]),
        ).rejects.toEqual(bad);
        await expect(store.upsertLinks(scope, [{ ...a, outlookId: 'ol-\ud800' }])).rejects.toEqual(bad);
        await expect(store.upsertLinks(scope, [{ ...a, bcEtag: '\udc00x' }])).rejects.toEqual(bad);
        await expect(
          store.putSettings(userId, { ...DEFAULT_SETTINGS, folderName: 'a\u0000' }),
        ).rejects.toEqual(bad);
        await expect(
          store.putSkipped(scope, [{ ...skipEntryFixture('k\u0000', 'missingName') }], { replace: true }),
        ).rejects.toEqual(bad);
        expect(await store.listLinks(scope)).toStrictEqual([]);
        expect(await store.getSettings(userId)).toBeNull();
      });

      test('5,000 links in chunks of 500 come back intact', async () => {
        const { scope } = fresh();
        const all: Link[] = [];
        for (let i = 0; i < 5000; i++) all.push(bulkLink(i));
        for (let i = 0; i < all.length; i += 500) await store.upsertLinks(scope, all.slice(i, i + 500));
        const got = await store.listLinks(scope);
        expect(got).toHaveLength(5000);
        const byId = new Map(got.map((l) => [l.bcId, l]));
        for (const l of all) expect(byId.get(l.bcId)).toStrictEqual(l);
      });
    });

    describe('pending creates', () => {
      test('add is idempotent, list is sorted, clear removes only the given ids, scoped', async () => {
        const { userId, scope } = fresh();
        expect(await store.listPendingCreates(scope)).toStrictEqual([]);
        await store.addPendingCreates(scope, ['bc-2', 'bc-1']);
        await store.addPendingCreates(scope, ['bc-1', 'bc-3', 'bc-3']);
        expect(await store.listPendingCreates(scope)).toStrictEqual(['bc-1', 'bc-2', 'bc-3']);
        expect(await store.listPendingCreates({ userId, folderId: 'other' })).toStrictEqual([]);
        expect(
          await store.listPendingCreates({ userId: fresh().userId, folderId: scope.folderId }),
        ).toStrictEqual([]);
        await store.clearPendingCreates(scope, ['bc-1', 'bc-9']);
        await store.clearPendingCreates(scope, []);
        await store.addPendingCreates(scope, []);
        expect(await store.listPendingCreates(scope)).toStrictEqual(['bc-2', 'bc-3']);
      });
    });

    describe('leases', () => {
      const t0 = '2024-03-01T12:00:00.000Z';
      const at = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();
      // Lengths stay within a folder lease's own (LEASE_TTL_MS, 30 s): the facade bounds a caller's
      // ttl to it (F79), and the contract holds for every adapter.

      test('acquire, refuse a second owner with heldBy, re-acquire by the same owner', async () => {
        const key = `lease:${fresh().userId}:folder-A`;
        expect(await store.acquireLease(key, 'p1', t0, 30_000)).toStrictEqual({ ok: true });
        expect(await store.acquireLease(key, 'p2', at(1_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p1', expiresAt: '2024-03-01T12:00:30.000Z' },
        });
        expect(await store.acquireLease(key, 'p1', at(2_000), 30_000)).toStrictEqual({ ok: true });
        expect(await store.acquireLease(key, 'p2', at(3_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p1', expiresAt: '2024-03-01T12:00:32.000Z' },
        });
        expect(await store.acquireLease(`${key}:other`, 'p2', t0, 30_000)).toStrictEqual({ ok: true });
      });

      test('renew extends; renew by a non-owner returns false', async () => {
        const key = `lease:${fresh().userId}`;
        await store.acquireLease(key, 'p1', t0, 10_000);
        expect(await store.renewLease(key, 'p1', at(5_000), 30_000)).toBe(true);
        expect(await store.renewLease(key, 'p2', at(5_000), 30_000)).toBe(false);
        expect(await store.renewLease(`${key}:none`, 'p1', at(5_000), 30_000)).toBe(false);
        // Without the renewal the lease would have expired at t0 + 10 s.
        expect(await store.acquireLease(key, 'p2', at(30_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p1', expiresAt: '2024-03-01T12:00:35.000Z' },
        });
      });

      // Brief holdfix: a lease kept while its holder's writes may land (letGoOrKeep) was cut back
      // to now + 30 s by a pane heartbeat the facade handled after the keep.
      test('a renewal never moves an expiry earlier', async () => {
        const key = `lease:${fresh().userId}`;
        // The keep is a renewal to a longer expiry; the late heartbeat a shorter one after it.
        await store.acquireLease(key, 'p1', t0, 30_000, null);
        expect(await store.renewLease(key, 'p1', at(20_000), 30_000)).toBe(true);
        expect(await store.renewLease(key, 'p1', at(21_000), 10_000)).toBe(true);
        expect(await store.acquireLease(key, 'p2', at(40_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p1', expiresAt: '2024-03-01T12:00:50.000Z' },
        });
        expect(await store.acquireLease(key, 'p2', at(50_000), 30_000)).toStrictEqual({ ok: true });
      });

      // Brief leases (b): the same owner's acquire again (a lost answer's retry, a run's next
      // group's turn) set the expiry to now + TTL, cutting short a keep promised before it.
      test('a re-acquire by the owner never moves its expiry earlier', async () => {
        const key = `lease:${fresh().userId}`;
        await store.acquireLease(key, 'p1', t0, 30_000, null, 'take-1');
        expect(await store.renewLease(key, 'p1', at(20_000), 30_000)).toBe(true);
        expect(await store.acquireLease(key, 'p1', at(21_000), 10_000, null, 'take-2')).toStrictEqual({
          ok: true,
        });
        expect(await store.acquireLease(key, 'p2', at(40_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p1', expiresAt: '2024-03-01T12:00:50.000Z' },
        });
        // Still the owner's to renew and let go under the take it named last.
        expect(await store.renewLease(key, 'p1', at(41_000), 1_000, 'take-2')).toBe(true);
        expect(await store.acquireLease(key, 'p2', at(50_000), 30_000)).toStrictEqual({ ok: true });
      });

      test('an expired lease goes to another owner; the old owner can then not renew', async () => {
        const key = `lease:${fresh().userId}`;
        // A holder whose process cannot be probed (another machine, a pane): its lease ends by
        // time. (A live holder of this machine keeps it longer: test/store/interrupted-runs.)
        await store.acquireLease(key, 'p1', t0, 10_000, null);
        // Exactly at expiry the lease is free.
        expect(await store.acquireLease(key, 'p2', at(10_000), 10_000)).toStrictEqual({ ok: true });
        expect(await store.renewLease(key, 'p1', at(11_000), 10_000)).toBe(false);
        expect(await store.acquireLease(key, 'p1', at(12_000), 10_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p2', expiresAt: '2024-03-01T12:00:20.000Z' },
        });
      });

      test('release frees the lease; release by a non-owner does nothing', async () => {
        const key = `lease:${fresh().userId}`;
        await store.acquireLease(key, 'p1', t0, 30_000);
        await store.releaseLease(key, 'p2');
        expect((await store.acquireLease(key, 'p2', at(1), 30_000)).ok).toBe(false);
        await store.releaseLease(key, 'p1');
        expect(await store.acquireLease(key, 'p2', at(2), 30_000)).toStrictEqual({ ok: true });
        expect(await store.renewLease(key, 'p1', at(3), 30_000)).toBe(false);
      });

      // Review RV11: a release names its take. An owner's takes of one key follow each other (a
      // run's create turn, group after group; the next run of the folder): a release sent again
      // after its answer was lost, or landing late from another host, let go of the next take.
      const STALE_RELEASES: [name: string, before: 'released' | 'held', stale: string][] = [
        ['the earlier take, let go, sent again', 'released', 'take-1'],
        ['the earlier take, replaced by a re-take while held', 'held', 'take-1'],
        ['a take the owner never had', 'released', 'take-x'],
      ];
      test.each(STALE_RELEASES)(
        "a release of %s leaves the owner's next take held",
        async (_name, before, stale) => {
          const key = `lease:${fresh().userId}`;
          expect((await store.acquireLease(key, 'p1', t0, 30_000, undefined, 'take-1')).ok).toBe(true);
          if (before === 'released') await store.releaseLease(key, 'p1', 'take-1');
          expect((await store.acquireLease(key, 'p1', at(1), 30_000, undefined, 'take-2')).ok).toBe(true);
          await store.releaseLease(key, 'p1', stale);
          expect((await store.acquireLease(key, 'p2', at(2), 30_000)).ok).toBe(false);
          // Its own release lets it go; sent again, it lets go of nothing (p2's take now).
          await store.releaseLease(key, 'p1', 'take-2');
          expect((await store.acquireLease(key, 'p2', at(3), 30_000, undefined, 'p2-take')).ok).toBe(true);
          await store.releaseLease(key, 'p1', 'take-2');
          expect((await store.acquireLease(key, 'p3', at(4), 30_000)).ok).toBe(false);
        },
      );

      // Brief leasegaps item 3: a renewal naming a take (letGoOrKeep keeping a let-go take while
      // its writes may land) renews that take only, in the same step: a stale take's renewal
      // kept the owner's next take past its own expiry.
      test.each(STALE_RELEASES)(
        "a renewal naming %s leaves the owner's next take as it was",
        async (_name, before, stale) => {
          const key = `lease:${fresh().userId}`;
          // Holder null (one that cannot be probed): the lease ends at its expiry. The product's
          // PostgreSQL store names this live process, whose lease stays LIVE_HOLDER_GRACE_MS more.
          expect((await store.acquireLease(key, 'p1', t0, 30_000, null, 'take-1')).ok).toBe(true);
          if (before === 'released') await store.releaseLease(key, 'p1', 'take-1');
          expect((await store.acquireLease(key, 'p1', at(1), 30_000, null, 'take-2')).ok).toBe(true);
          expect(await store.renewLease(key, 'p1', at(2), 600_000, stale)).toBe(false);
          // take-2 still ends 30 s after it was taken: p2 takes it then, not 10 minutes later.
          expect((await store.acquireLease(key, 'p2', at(30_001), 30_000)).ok).toBe(true);
        },
      );

      test("a renewal naming the owner's take, or none, renews it", async () => {
        const key = `lease:${fresh().userId}`;
        expect((await store.acquireLease(key, 'p1', t0, 30_000, undefined, 'take-1')).ok).toBe(true);
        expect(await store.renewLease(key, 'p1', at(10_000), 30_000, 'take-1')).toBe(true);
        expect(await store.renewLease(key, 'p1', at(20_000), 30_000)).toBe(true);
        expect((await store.acquireLease(key, 'p2', at(49_999), 30_000)).ok).toBe(false);
      });

      test('a release without a take lets go of whichever take the owner holds', async () => {
        const key = `lease:${fresh().userId}`;
        await store.acquireLease(key, 'p1', t0, 30_000, undefined, 'take-1');
        await store.releaseLease(key, 'p1');
        expect((await store.acquireLease(key, 'p2', at(1), 30_000)).ok).toBe(true);
      });

      test('timestamps with an offset are instants; garbage is refused', async () => {
        const key = `lease:${fresh().userId}`;
        await store.acquireLease(key, 'p1', '2024-03-01T14:00:00+02:00', 1_000);
        expect(await store.acquireLease(key, 'p2', t0, 1_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'p1', expiresAt: '2024-03-01T12:00:01.000Z' },
        });
        await expect(store.acquireLease(key, 'p3', 'yesterday', 1_000)).rejects.toMatchObject({
          name: 'StateStoreRefusal',
          refusal: { kind: 'invalidTime', value: 'yesterday' },
        });
      });
    });

    // issue 12 §2: a run's settings, records, their folders' cursors and its lease in one call.
    // Optional: an adapter without it (the HTTP store) is asked for them call by call.
    describe('openRun', () => {
      const t0 = '2024-03-01T12:00:00.000Z';
      const at = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();
      const opening = (userId: string, owner: string, now = t0, runs = 20) => ({
        userId,
        runs,
        owner,
        now,
        ttlMs: 30_000,
        // A holder whose process cannot be probed (as the pane's): its lease ends by time alone.
        holder: null,
        defaultKey: leaseKeyOf(userId, DEFAULT_SETTINGS.folderName),
      });
      /** The store's openRun, or null for an adapter without one (its absence is the contract then). */
      const openRunOf = (): NonNullable<SyncStateStore['openRun']> | null => {
        if (store.openRun === undefined) return null;
        return store.openRun.bind(store);
      };

      test('reads settings, the newest runs and the cursors of their folders, and takes the free lease', async () => {
        const openRun = openRunOf();
        if (openRun === null) return expect(store.openRun).toBeUndefined();
        const { userId } = fresh();
        const settings = { ...DEFAULT_SETTINGS, folderName: '  Kunden BC ', filter: { city: 'Oslo' } };
        await store.putSettings(userId, settings);
        const named = (id: string, startedAt: string, folderId?: string): RunRecord => ({
          ...run(userId, id, startedAt),
          ...(folderId ? { folderId } : {}),
        });
        const runs = [
          named('r-1', '2024-01-01T00:00:00.000Z', 'folder-C'),
          named('r-2', '2024-01-02T00:00:00.000Z', 'folder-A'),
          named('r-3', '2024-01-03T00:00:00.000Z'),
          named('r-4', '2024-01-04T00:00:00.000Z', 'folder-B'),
        ];
        for (const r of runs) await store.saveRun(r);
        const cursor = (n: string) => ({ bcDeltaLink: `bc-${n}`, deltaLink: null, filterKey: `key-${n}` });
        // folder-C's cursor is of a run past the limit; folder-D's of no run read.
        for (const f of ['A', 'C', 'D'])
          await store.putCursor({ userId, folderId: `folder-${f}` }, cursor(f));

        const opened = await openRun(opening(userId, 'run-1', t0, 3));

        expect(opened.settings).toStrictEqual(await store.getSettings(userId));
        expect(opened.runs).toStrictEqual(await store.listRuns(userId, 3));
        expect([...opened.cursors.entries()]).toStrictEqual([['folder-A', cursor('A')]]);
        const key = leaseKeyOf(userId, settings.folderName);
        expect(opened.leaseKey).toBe(key);
        // No lease of the key was there: made with the reads, which are as good as read under it.
        expect(opened.readUnderLease).toBe(true);
        expect(await store.acquireLease(key, 'run-2', at(1_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'run-1', expiresAt: at(30_000) },
        });
        expect(await store.renewLease(key, 'run-1', at(2_000), 30_000)).toBe(true);
      });

      test("a user without settings: nothing read, the default folder's lease taken", async () => {
        const openRun = openRunOf();
        if (openRun === null) return expect(store.openRun).toBeUndefined();
        const { userId } = fresh();
        const opened = await openRun(opening(userId, 'run-1'));
        expect(opened).toStrictEqual({
          settings: null,
          runs: [],
          cursors: new Map(),
          leaseKey: opening(userId, '').defaultKey,
          readUnderLease: true,
        });
        expect((await store.acquireLease(opened.leaseKey!, 'run-2', at(1), 30_000)).ok).toBe(false);
      });

      test('a lease another owner holds is not taken and left as it was; its own and an expired one are', async () => {
        const openRun = openRunOf();
        if (openRun === null) return expect(store.openRun).toBeUndefined();
        const { userId } = fresh();
        const key = leaseKeyOf(userId, DEFAULT_SETTINGS.folderName);
        await store.acquireLease(key, 'run-1', t0, 10_000, null);
        expect(await openRun(opening(userId, 'run-2', at(1_000)))).toMatchObject({
          leaseKey: null,
          readUnderLease: false,
        });
        expect(await store.acquireLease(key, 'run-3', at(2_000), 30_000)).toStrictEqual({
          ok: false,
          heldBy: { owner: 'run-1', expiresAt: at(10_000) },
        });
        // The owner's own again: renewed (a lease was there as it read: not read under it).
        expect(await openRun(opening(userId, 'run-1', at(3_000)))).toMatchObject({
          leaseKey: key,
          readUnderLease: false,
        });
        expect((await store.acquireLease(key, 'run-3', at(12_000), 30_000)).ok).toBe(false);
        // Expired (its holder cannot be probed, null): taken over — its holder may have written since
        // the reads: not read under it.
        expect(await openRun(opening(userId, 'run-2', at(33_000)))).toMatchObject({
          leaseKey: key,
          readUnderLease: false,
        });
        expect(await store.renewLease(key, 'run-1', at(34_000), 30_000)).toBe(false);
        // Released (the row gone, as a run's end leaves it): made again, read under it.
        await store.releaseLease(key, 'run-2');
        expect(await openRun(opening(userId, 'run-4', at(35_000)))).toMatchObject({
          leaseKey: key,
          readUnderLease: true,
        });
      });

      test('a folder name the store does not key: no lease, or the key leaseKeyOf makes, never another', async () => {
        const openRun = openRunOf();
        if (openRun === null) return expect(store.openRun).toBeUndefined();
        for (const folderName of ['Kontakte "BC" ✓', 'İSTANBUL Kişiler', 'ÅKE\t', 'Straße\u00a0']) {
          const { userId } = fresh();
          await store.putSettings(userId, { ...DEFAULT_SETTINGS, folderName });
          const key = leaseKeyOf(userId, (await store.getSettings(userId))!.folderName);
          const opened = await openRun(opening(userId, 'run-1'));
          expect([null, key]).toContain(opened.leaseKey);
          // Read under a lease only when it took one.
          expect(opened.readUnderLease).toBe(opened.leaseKey !== null);
          // Held exactly when taken: under no other key.
          expect((await store.acquireLease(key, 'run-2', at(1), 30_000)).ok).toBe(opened.leaseKey === null);
          expect((await store.acquireLease(opening(userId, '').defaultKey, 'run-2', at(1), 30_000)).ok).toBe(
            true,
          );
        }
      });
    });

    describe('runs', () => {
      test('save inserts and replaces by id; get is per user', async () => {
        const { userId } = fresh();
        const other = fresh().userId;
        const r1 = run(userId, 'run-1', '2024-01-01T10:00:00.000Z');
        expect(await store.getRun(userId, r1.id)).toBeNull();
        await store.saveRun(r1);
        expect(await store.getRun(userId, r1.id)).toStrictEqual(r1);
        const done: RunRecord = {
          ...r1,
          status: 'failed',
          finishedAt: '2024-01-01T10:00:05.500Z',
          durationMs: 5500,
          counts: {
            bc: { created: 1, updated: 2, deleted: 0 },
            outlook: { created: 3, updated: 0, deleted: 4 },
          },
          errors: [{ side: 'outlook', id: 'ol-1', message: 'Graph said "no" \u2014 ümlaut\r\nline 2' }],
          held: { deletes: 30, folderSize: 100, share: 0.3 },
          graph: { requests: 12, throttled: 1 },
        };
        await store.saveRun(done);
        expect(await store.getRun(userId, r1.id)).toStrictEqual(done);
        expect(await store.getRun(other, r1.id)).toBeNull();
        expect(await store.listRuns(other, 10)).toStrictEqual([]);
      });

      test("another user's run id is unknown to a user: saving under it keeps both runs apart", async () => {
        const { userId } = fresh();
        const other = fresh().userId;
        const id = `run-${userId}`;
        const mine = run(userId, id, '2024-01-01T10:00:00.000Z');
        const theirs = run(other, id, '2024-01-02T10:00:00.000Z');
        await store.saveRun(mine);
        // Issue 10 §2: no refusal that would confirm the id exists; the other user gets a run of their own.
        await store.saveRun(theirs);
        expect(await store.getRun(userId, id)).toStrictEqual(mine);
        expect(await store.getRun(other, id)).toStrictEqual(theirs);
        expect(await store.listRuns(userId, 10)).toStrictEqual([mine]);
        expect(await store.listRuns(other, 10)).toStrictEqual([theirs]);
      });

      // Compare-and-set (replaceRun): two hosts that read one `running` record and mark it (two
      // releases of a pane's lease, each on its own host) cannot both write; a record written since
      // the read (the run's end) is kept. The sync API's client has none (the facade marks records).
      test('replaceRun: of two replaces from one read, one stores; a record saved since the read is kept', async () => {
        if (!store.replaceRun) return;
        const { userId } = fresh();
        const read = run(userId, 'run-cas', '2024-01-01T10:00:00.000Z');
        await store.saveRun(read);
        const mark = (at: string): RunRecord => ({ ...read, status: 'interrupted', finishedAt: at });
        const a = mark('2024-01-01T10:01:00.000Z');
        const b = mark('2024-01-01T10:02:00.000Z');
        const won = await Promise.all([store.replaceRun(read, a), store.replaceRun(read, b)]);
        expect(won.filter(Boolean)).toHaveLength(1);
        expect(await store.getRun(userId, read.id)).toStrictEqual(won[0] ? a : b);
        // The run's end stored after another read: that read's replace stores nothing.
        const again = (await store.getRun(userId, read.id))!;
        const ended: RunRecord = { ...again, status: 'succeeded', finishedAt: '2024-01-01T10:03:00.000Z' };
        await store.saveRun(ended);
        expect(await store.replaceRun(again, mark('2024-01-01T10:04:00.000Z'))).toBe(false);
        expect(await store.getRun(userId, read.id)).toStrictEqual(ended);
        // Another user's record, or one never stored: nothing.
        expect(await store.replaceRun({ ...ended, userId: fresh().userId }, ended)).toBe(false);
        expect(await store.replaceRun({ ...ended, userId: fresh().userId }, { ...ended, userId: 'x' })).toBe(
          false,
        );
      });

      test('list is newest first by startedAt, limited', async () => {
        const { userId } = fresh();
        const pfx = userId.slice(-12);
        const rs = [
          run(userId, `${pfx}-a`, '2024-01-02T00:00:00.000Z'),
          run(userId, `${pfx}-b`, '2024-01-03T00:00:00.000Z'),
          run(userId, `${pfx}-c`, '2023-12-31T23:59:59.999Z'),
          // Same instant written with an offset: it sorts as the instant, ties by id descending.
          run(userId, `${pfx}-d`, '2024-01-03T02:00:00+02:00'),
        ];
        for (const r of rs) await store.saveRun(r);
        await store.saveRun(run(fresh().userId, `${pfx}-z`, '2030-01-01T00:00:00.000Z'));
        const ids = (await store.listRuns(userId, 10)).map((r) => r.id);
        expect(ids).toStrictEqual([`${pfx}-d`, `${pfx}-b`, `${pfx}-a`, `${pfx}-c`]);
        expect(await store.listRuns(userId, 2)).toStrictEqual([rs[3], rs[1]]);
        expect(await store.listRuns(userId, 0)).toStrictEqual([]);
      });
    });

    describe('conflicts', () => {
      test('put upserts by bcId then removes; list is scoped', async () => {
        const { userId, scope } = fresh();
        expect(await store.listConflicts(scope)).toStrictEqual([]);
        const c1 = conflict('bc-1', 'ol-1', 'Oslo');
        const c2 = conflict('bc-2', 'ol-2', 'Bergen');
        await store.putConflicts(scope, [c2, c1], []);
        expect(await store.listConflicts(scope)).toStrictEqual([c1, c2]);
        const c1b: ConflictEntry = {
          bcId: 'bc-1',
          outlookId: 'ol-1b',
          record: {
            kind: 'deletedInBc',
            displayName: 'Ann',
            reason: { kind: 'outOfScope', reasons: [{ kind: 'excludedByFilter', fields: ['city'] }] },
            fields: [],
          },
        };
        await store.putConflicts(scope, [c1b], ['bc-2']);
        expect(await store.listConflicts(scope)).toStrictEqual([c1b]);
        expect(await store.listConflicts({ userId, folderId: 'other' })).toStrictEqual([]);
        // Upsert then remove: an id in both ends removed.
        await store.putConflicts(scope, [c2], ['bc-2', 'bc-1']);
        expect(await store.listConflicts(scope)).toStrictEqual([]);
      });
    });

    describe('skipped', () => {
      test('merge upserts, replace drops the rest first, remove deletes keys', async () => {
        const { userId, scope } = fresh();
        expect(await store.listSkipped(scope)).toStrictEqual([]);
        const a = skipEntryFixture('bc:1', 'missingEmail');
        const b = skipEntryFixture('ol:2', 'missingName');
        await store.putSkipped(scope, [b, a], { replace: false });
        expect(await store.listSkipped(scope)).toStrictEqual([a, b]);
        const a2: SkipEntry = {
          key: 'bc:1',
          record: { ...a.record, reason: { kind: 'writeFailed', message: 'x' } },
        };
        const c = skipEntryFixture('bc:3', 'missingName');
        await store.putSkipped(scope, [a2, c], { replace: false, remove: ['ol:2'] });
        expect(await store.listSkipped(scope)).toStrictEqual([a2, c]);
        await store.putSkipped(scope, [b], { replace: true });
        expect(await store.listSkipped(scope)).toStrictEqual([b]);
        await store.putSkipped(scope, [], { replace: false, remove: ['ol:2', 'nope'] });
        expect(await store.listSkipped(scope)).toStrictEqual([]);
        await store.putSkipped(scope, [a], { replace: false });
        expect(await store.listSkipped({ userId, folderId: 'other' })).toStrictEqual([]);
        await store.putSkipped(scope, [], { replace: true });
        expect(await store.listSkipped(scope)).toStrictEqual([]);
      });
    });
  });
}
