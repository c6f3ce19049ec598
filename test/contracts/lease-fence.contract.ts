import { describe, test, expect } from '@jest/globals';
import { FENCED_WRITES } from '../../src/core/lease-fence.js';
import type { FencedWrite } from '../../src/core/lease-fence.js';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { freshUserKey, withStore } from './store-setup.js';
import type { StoreSetup } from './store-setup.js';
import { conflict, link, run, skipEntryFixture } from './sync-state-store.fixtures.js';

/**
 * Fencing of state writes by the run lease (core/lease-fence.ts), the same for every adapter:
 * each of FENCED_WRITES lands while its fence's owner holds the lease, and is refused with
 * LeaseLostError — nothing of it stored — once another owner took the lease over or it was released.
 */
interface FencedCase {
  /** State the write meets (written unfenced before the lease is taken). */
  seed(store: SyncStateStore, scope: SyncScope): Promise<void>;
  /** Write number `n` (each `n` a different value). */
  write(store: SyncStateStore, scope: SyncScope, n: number): Promise<void>;
  /** What the write changes, as read back. */
  read(store: SyncStateStore, scope: SyncScope): Promise<unknown>;
}

const noSeed = async () => undefined;
const t0 = '2024-03-01T12:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();

/** One case per fenced write: a Record, so a write added to FENCED_WRITES fails to compile here. */
const CASES: Record<FencedWrite, FencedCase> = {
  putCursor: {
    seed: noSeed,
    write: (s, scope, n) =>
      s.putCursor(scope, { bcDeltaLink: `bc-${n}`, deltaLink: `d-${n}`, filterKey: '[]' }),
    read: (s, scope) => s.getCursor(scope),
  },
  upsertLinks: {
    seed: noSeed,
    write: (s, scope, n) => s.upsertLinks(scope, [link(`bc-${n}`, `ol-${n}`, n)]),
    read: (s, scope) => s.listLinks(scope),
  },
  deleteLinks: {
    seed: (s, scope) =>
      s.upsertLinks(
        scope,
        [1, 2, 3].map((n) => link(`bc-${n}`, `ol-${n}`, n)),
      ),
    write: (s, scope, n) => s.deleteLinks(scope, [`bc-${n}`]),
    read: (s, scope) => s.listLinks(scope),
  },
  addPendingCreates: {
    seed: noSeed,
    write: (s, scope, n) => s.addPendingCreates(scope, [`bc-${n}`]),
    read: (s, scope) => s.listPendingCreates(scope),
  },
  clearPendingCreates: {
    seed: (s, scope) => s.addPendingCreates(scope, ['bc-1', 'bc-2', 'bc-3']),
    write: (s, scope, n) => s.clearPendingCreates(scope, [`bc-${n}`]),
    read: (s, scope) => s.listPendingCreates(scope),
  },
  saveRun: {
    seed: noSeed,
    // Ended records: an acquire marks no `running` record of another folder, but keep clear of it.
    write: (s, scope, n) =>
      s.saveRun({
        ...run(scope.userId, `run-${n}`, at(n * 1_000)),
        status: 'succeeded',
        finishedAt: at(n * 1_000),
      }),
    read: (s, scope) => s.listRuns(scope.userId, 10),
  },
  putConflicts: {
    seed: noSeed,
    write: (s, scope, n) => s.putConflicts(scope, [conflict(`bc-${n}`, `ol-${n}`, `City ${n}`)], []),
    read: (s, scope) => s.listConflicts(scope),
  },
  putSkipped: {
    seed: noSeed,
    write: (s, scope, n) =>
      s.putSkipped(scope, [skipEntryFixture(`sk-${n}`, 'missingEmail')], { replace: false }),
    read: (s, scope) => s.listSkipped(scope),
  },
};

export function runLeaseFenceContract(setup: StoreSetup): void {
  describe('lease fencing of state writes', () => {
    let store: SyncStateStore;
    withStore(setup, (s) => (store = s));
    const fresh = () => {
      const userId = freshUserKey('fence');
      // A user's own lease key, as core/lease.ts leaseKeyOf makes it.
      return { scope: { userId, folderId: 'folder-A' } as SyncScope, key: `${userId}|contacts` };
    };
    const leaseLost = { name: 'LeaseLostError', message: expect.stringMatching(/^leaseLost/) };

    test('the table covers every fenced write', () => {
      expect(Object.keys(CASES).sort()).toStrictEqual([...FENCED_WRITES].sort());
    });

    test.each(FENCED_WRITES.map((m) => [m]))(
      '%s: lands while held (also past expiry); refused, nothing stored, once another owner took it',
      async (method) => {
        const c = CASES[method];
        const { scope, key } = fresh();
        await c.seed(store, scope);
        expect(await store.acquireLease(key, 'run-1', t0, 10_000, null)).toStrictEqual({ ok: true });
        const first = store.fenced({ key, owner: 'run-1' });
        await c.write(first, scope, 1);
        const afterFirst = await c.read(store, scope);
        // Expired but nobody took it over: still the holder's (as renewLease says).
        await c.write(first, scope, 2);
        const afterSecond = await c.read(store, scope);
        expect(afterSecond).not.toStrictEqual(afterFirst);
        expect(await store.acquireLease(key, 'run-2', at(10_000), 10_000, null)).toStrictEqual({ ok: true });
        await expect(c.write(first, scope, 3)).rejects.toMatchObject(leaseLost);
        expect(await c.read(store, scope)).toStrictEqual(afterSecond);
        // The new holder writes; once it released, its fence refuses too.
        const second = store.fenced({ key, owner: 'run-2' });
        await c.write(second, scope, 3);
        const afterThird = await c.read(store, scope);
        expect(afterThird).not.toStrictEqual(afterSecond);
        await store.releaseLease(key, 'run-2');
        await expect(c.write(second, scope, 1)).rejects.toMatchObject(leaseLost);
        expect(await c.read(store, scope)).toStrictEqual(afterThird);
      },
    );

    describe('endRun: the cursor, the record and the release in one step', () => {
      const c0 = { bcDeltaLink: 'bc-0', deltaLink: 'd-0', filterKey: '[]' };
      const c1 = { bcDeltaLink: null, deltaLink: 'd-1', filterKey: '["city"]' };
      /** A held lease over a scope with a cursor and the run's starting record (run-1's). */
      const started = async () => {
        const { scope, key } = fresh();
        await store.putCursor(scope, c0);
        const begun = run(scope.userId, 'run-1', t0);
        await store.saveRun(begun);
        expect(await store.acquireLease(key, 'run-1', t0, 10_000, null)).toStrictEqual({ ok: true });
        const ended = { ...begun, status: 'succeeded' as const, finishedAt: at(12_000), durationMs: 12_000 };
        return { scope, key, begun, ended, fence: { key, owner: 'run-1' } };
      };

      test('stores both and releases (also past expiry while nobody took it over)', async () => {
        const { scope, key, ended, fence } = await started();
        await store.endRun({ fence, run: ended, cursor: { scope, next: c1 } });
        expect(await store.getCursor(scope)).toStrictEqual(c1);
        expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(ended);
        // Released: its fence refuses (held past expiry, it would not), and a second end too.
        await expect(store.fenced(fence).saveRun(ended)).rejects.toMatchObject(leaseLost);
        await expect(store.endRun({ fence, run: ended })).rejects.toMatchObject(leaseLost);
        expect(await store.acquireLease(key, 'run-2', at(12_500), 10_000, null)).toStrictEqual({ ok: true });
      });

      test('without a cursor the cursor stays where it was', async () => {
        const { scope, key, ended, fence } = await started();
        await store.endRun({ fence, run: ended });
        expect(await store.getCursor(scope)).toStrictEqual(c0);
        expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(ended);
        // Released: another owner takes it before it would have expired.
        expect(await store.acquireLease(key, 'run-2', at(1_000), 10_000, null)).toStrictEqual({ ok: true });
      });

      test('refused once another owner took the lease: nothing stored, its lease kept', async () => {
        const { scope, key, begun, ended, fence } = await started();
        expect(await store.acquireLease(key, 'run-2', at(10_000), 10_000, null)).toStrictEqual({ ok: true });
        await expect(store.endRun({ fence, run: ended, cursor: { scope, next: c1 } })).rejects.toMatchObject(
          leaseLost,
        );
        expect(await store.getCursor(scope)).toStrictEqual(c0);
        expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(begun);
        expect(await store.acquireLease(key, 'run-3', at(11_000), 10_000, null)).toMatchObject({ ok: false });
        await store.fenced({ key, owner: 'run-2' }).putCursor(scope, c1);
        expect(await store.getCursor(scope)).toStrictEqual(c1);
      });

      // end-links.ts: the links of a run's last writes go with its end, never behind its cursor.
      test('links given are stored with it: replaced, new, removed, pending creates settled', async () => {
        const { scope, ended, fence } = await started();
        await store.upsertLinks(scope, [link('bc-1', 'ol-1', 1), link('bc-2', 'ol-2', 2)]);
        await store.addPendingCreates(scope, ['bc-3', 'bc-4']);
        const links = {
          scope,
          upserts: [link('bc-1', 'ol-1', 11), link('bc-3', 'ol-3', 3)],
          deletes: ['bc-2'],
          clearPending: ['bc-3'],
        };
        await store.endRun({ fence, run: ended, cursor: { scope, next: c1 }, links });
        expect(await store.listLinks(scope)).toStrictEqual([
          link('bc-1', 'ol-1', 11),
          link('bc-3', 'ol-3', 3),
        ]);
        expect(await store.listPendingCreates(scope)).toStrictEqual(['bc-4']);
        expect(await store.getCursor(scope)).toStrictEqual(c1);
        expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(ended);
      });

      test('links of updates alone (nothing new to the scope) are stored with it too', async () => {
        const { scope, ended, fence } = await started();
        await store.upsertLinks(scope, [link('bc-1', 'ol-1', 1)]);
        const links = { scope, upserts: [link('bc-1', 'ol-1', 12)], deletes: [], clearPending: [] };
        await store.endRun({ fence, run: ended, cursor: { scope, next: c1 }, links });
        expect(await store.listLinks(scope)).toStrictEqual([link('bc-1', 'ol-1', 12)]);
        expect(await store.getCursor(scope)).toStrictEqual(c1);
      });

      test('links refused (an Outlook id another link holds): nothing of the end stored, the lease held', async () => {
        const { scope, key, begun, ended, fence } = await started();
        const held = [link('bc-1', 'ol-1', 1), link('bc-2', 'ol-2', 2), link('bc-3', 'ol-3', 3)];
        await store.upsertLinks(scope, held);
        await store.addPendingCreates(scope, ['bc-4']);
        const taken = {
          scope,
          upserts: [link('bc-1', 'ol-2', 13)],
          deletes: ['bc-3'],
          clearPending: ['bc-4'],
        };
        await expect(
          store.endRun({ fence, run: ended, cursor: { scope, next: c1 }, links: taken }),
        ).rejects.toMatchObject({ name: 'StateStoreRefusal', kind: 'outlookIdTaken' });
        expect(await store.listLinks(scope)).toStrictEqual(held);
        expect(await store.listPendingCreates(scope)).toStrictEqual(['bc-4']);
        expect(await store.getCursor(scope)).toStrictEqual(c0);
        expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(begun);
        expect(await store.acquireLease(key, 'run-2', at(1_000), 10_000, null)).toMatchObject({ ok: false });
      });

      test('links of a run that lost its lease: nothing stored', async () => {
        const { scope, key, ended, fence } = await started();
        await store.upsertLinks(scope, [link('bc-1', 'ol-1', 1)]);
        expect(await store.acquireLease(key, 'run-2', at(10_000), 10_000, null)).toStrictEqual({ ok: true });
        for (const upserts of [[link('bc-1', 'ol-1', 14)], [link('bc-9', 'ol-9', 9)]])
          await expect(
            store.endRun({
              fence,
              run: ended,
              links: { scope, upserts, deletes: ['bc-1'], clearPending: [] },
            }),
          ).rejects.toMatchObject(leaseLost);
        expect(await store.listLinks(scope)).toStrictEqual([link('bc-1', 'ol-1', 1)]);
      });

      test('a value no store can hold is refused whole: nothing stored, the lease still held', async () => {
        const { scope, key, begun, ended, fence } = await started();
        const bad = expect.objectContaining({ name: 'StateStoreRefusal', kind: 'unstorableText' });
        await expect(
          store.endRun({ fence, run: { ...ended, folderName: 'a\u0000' }, cursor: { scope, next: c1 } }),
        ).rejects.toEqual(bad);
        await expect(
          store.endRun({ fence, run: ended, cursor: { scope, next: { ...c1, deltaLink: 'd\u0000' } } }),
        ).rejects.toEqual(bad);
        expect(await store.getCursor(scope)).toStrictEqual(c0);
        expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(begun);
        expect(await store.acquireLease(key, 'run-2', at(1_000), 10_000, null)).toMatchObject({ ok: false });
        await store.endRun({ fence, run: ended, cursor: { scope, next: c1 } });
        expect(await store.getCursor(scope)).toStrictEqual(c1);
      });
    });

    // Brief holdfix: a closing pane's lease is kept while its writes may land (letGoOrKeep), its
    // record marked `interrupted`; a checkpoint the pane sent before, handled after, put it back
    // to `running` for a run that no longer runs.
    test('a fenced `running` save over an `interrupted` record is refused; its end is not', async () => {
      const { scope, key } = fresh();
      const begun = run(scope.userId, 'run-1', t0);
      expect(await store.acquireLease(key, 'run-1', t0, 10_000, null)).toStrictEqual({ ok: true });
      const fenced = store.fenced({ key, owner: 'run-1' });
      await fenced.saveRun(begun);
      const marked = { ...begun, status: 'interrupted' as const, finishedAt: at(1_000) };
      await store.saveRun(marked);
      expect(await store.renewLease(key, 'run-1', at(1_000), 10_000)).toBe(true);
      await expect(fenced.saveRun({ ...begun, durationMs: 2_000 })).rejects.toMatchObject(leaseLost);
      expect(await store.getRun(scope.userId, 'run-1')).toStrictEqual(marked);
      const ended = { ...begun, status: 'cancelled' as const, finishedAt: at(3_000) };
      await fenced.saveRun(ended);
      // (Its times as the store keeps them: the facade keeps a stored `finishedAt`.)
      expect(await store.getRun(scope.userId, 'run-1')).toMatchObject({ status: 'cancelled' });
    });

    test('a fence never held refuses; the fenced view reads as the store does', async () => {
      const { scope, key } = fresh();
      await store.upsertLinks(scope, [link('bc-1', 'ol-1', 1)]);
      const never = store.fenced({ key, owner: 'nobody' });
      await expect(
        never.putCursor(scope, { bcDeltaLink: null, deltaLink: null, filterKey: '[]' }),
      ).rejects.toMatchObject(leaseLost);
      expect(await store.getCursor(scope)).toBeNull();
      expect(await never.listLinks(scope)).toStrictEqual(await store.listLinks(scope));
    });
  });
}
