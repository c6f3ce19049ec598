import { describe, test, expect } from '@jest/globals';
import { DEFAULT_WRITE_SETTLE_MS } from '../../src/core/lease.js';
import type { RunEnd, SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { freshUserKey, withStore } from './store-setup.js';
import type { StoreSetup } from './store-setup.js';
import { link, run } from './sync-state-store.fixtures.js';

const t0 = '2024-03-01T12:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();

/**
 * Brief cancelkeep: a run's end whose writes may still land (RunEnd.keepMs: a Cancel or a shutdown
 * aborted them) stores the end and keeps the lease instead of letting go, so no other run takes
 * the folder and writes the same contact again. Every store: memory, SQL, and the HTTP store,
 * whose facade keeps it for its own settle (its clock: the HTTP rows check the keep only at the
 * end's own time; test/store/run-end-keep checks the expiry itself on memory and PGlite).
 */
export function runRunEndKeepContract(setup: StoreSetup): void {
  describe('endRun with keepMs: the end stored, the lease kept while the run’s writes may land', () => {
    let store: SyncStateStore;
    withStore(setup, (s) => (store = s));
    const started = async () => {
      const userId = freshUserKey('keep');
      const scope: SyncScope = { userId, folderId: 'folder-A' };
      const key = `${userId}|contacts`;
      const begun = run(userId, 'run-1', t0);
      await store.saveRun(begun);
      expect(await store.acquireLease(key, 'run-1', t0, 10_000, null)).toStrictEqual({ ok: true });
      const ended = { ...begun, status: 'cancelled' as const, finishedAt: at(12_000), durationMs: 12_000 };
      return { scope, key, ended, fence: { key, owner: 'run-1' } };
    };
    const cursor = { bcDeltaLink: null, deltaLink: 'd-1', filterKey: '[]' };
    const ends: Record<
      string,
      (s: { scope: SyncScope; ended: RunEnd['run']; fence: RunEnd['fence'] }) => RunEnd
    > = {
      'the end alone': ({ ended, fence }) => ({ fence, run: ended }),
      'with a cursor': ({ scope, ended, fence }) => ({ fence, run: ended, cursor: { scope, next: cursor } }),
      'with links': ({ scope, ended, fence }) => ({
        fence,
        run: ended,
        links: { scope, upserts: [link('bc-1', 'ol-1', 1)], deletes: [], clearPending: [] },
      }),
    };

    test.each(Object.keys(ends).map((k) => [k]))('%s: kept (another owner refused), stored', async (name) => {
      const s = await started();
      await store.endRun({ ...ends[name]!(s), keepMs: DEFAULT_WRITE_SETTLE_MS });
      expect((await store.getRun(s.scope.userId, 'run-1'))?.status).toBe('cancelled');
      const other = await store.acquireLease(s.key, 'run-2', at(13_000), 10_000, null);
      expect(other).toMatchObject({ ok: false, heldBy: { owner: 'run-1' } });
    });

    test.each(Object.keys(ends).map((k) => [k]))(
      '%s without keepMs (no write in flight): let go at once',
      async (name) => {
        const s = await started();
        await store.endRun(ends[name]!(s));
        expect(await store.acquireLease(s.key, 'run-2', at(13_000), 10_000, null)).toStrictEqual({
          ok: true,
        });
      },
    );
  });
}
