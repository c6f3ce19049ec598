import { describe, test, expect } from '@jest/globals';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { STATE_LIMITS } from '../../src/core/state-limits.js';
import type { Page, PageRequest, ScopeCaps, ScopeList } from '../../src/core/state-limits.js';
import { StateStoreRefusal } from '../../src/core/state-refusal.js';
import { freshUserKey, withStore } from './store-setup.js';
import type { StoreSetup } from './store-setup.js';
import { conflict, link, skipEntryFixture } from './sync-state-store.fixtures.js';

/** A store under test, with the per-scope caps it applies (none: the store's own). */
export type CappedSetup = (
  caps?: ScopeCaps,
) => Promise<{ store: SyncStateStore; teardown: () => Promise<void> }>;

/**
 * One paged, capped list of a scope as the port has it (F46): how to write n entries with keys,
 * list them all, read a page, and remove some. The table below runs every test over all three.
 */
interface ListOps {
  readonly list: ScopeList;
  put(store: SyncStateStore, scope: SyncScope, keys: readonly string[]): Promise<void>;
  remove(store: SyncStateStore, scope: SyncScope, keys: readonly string[]): Promise<void>;
  all(store: SyncStateStore, scope: SyncScope): Promise<unknown[]>;
  page(store: SyncStateStore, scope: SyncScope, page: PageRequest): Promise<Page<unknown>>;
  keyOf(entry: unknown): string;
}

const LISTS: readonly ListOps[] = [
  {
    list: 'links',
    put: (s, scope, keys) =>
      s.upsertLinks(
        scope,
        keys.map((k) => link(k, `ol-${k}`, k.length)),
      ),
    remove: (s, scope, keys) => s.deleteLinks(scope, keys),
    all: (s, scope) => s.listLinks(scope),
    page: (s, scope, p) => s.pageLinks(scope, p),
    keyOf: (e) => (e as { bcId: string }).bcId,
  },
  {
    list: 'conflicts',
    put: (s, scope, keys) =>
      s.putConflicts(
        scope,
        keys.map((k) => conflict(k, `ol-${k}`, 'Oslo')),
        [],
      ),
    remove: (s, scope, keys) => s.putConflicts(scope, [], keys),
    all: (s, scope) => s.listConflicts(scope),
    page: (s, scope, p) => s.pageConflicts(scope, p),
    keyOf: (e) => (e as { bcId: string }).bcId,
  },
  {
    list: 'skipped',
    put: (s, scope, keys) =>
      s.putSkipped(
        scope,
        keys.map((k) => skipEntryFixture(k, 'missingEmail')),
        { replace: false },
      ),
    remove: (s, scope, keys) => s.putSkipped(scope, [], { replace: false, remove: keys }),
    all: (s, scope) => s.listSkipped(scope),
    page: (s, scope, p) => s.pageSkipped(scope, p),
    keyOf: (e) => (e as { key: string }).key,
  },
  {
    // Review V5: the list had no cap and no pages; one user's writes grew it without bound.
    list: 'pending',
    put: (s, scope, keys) => s.addPendingCreates(scope, keys),
    remove: (s, scope, keys) => s.clearPendingCreates(scope, keys),
    all: (s, scope) => s.listPendingCreates(scope),
    page: (s, scope, p) => s.pagePendingCreates(scope, p),
    keyOf: (e) => e as string,
  },
];

/**
 * Keys whose code-point order differs from UTF-16 order and from a locale's (upper case, accents,
 * a character above U+FFFF, U+FFFD): the order every store and client pages in.
 */
const KEYS = [
  'Z',
  'a',
  'bc-1',
  'bc-10',
  'bc-2',
  'B',
  'ä',
  'é',
  'z',
  '~',
  '\uFFFD',
  '\u{1F600}',
  'bc-\u{10000}',
];

/** Every page from the start, `limit` at a time, checking each page's shape on the way. */
async function walk(
  ops: ListOps,
  store: SyncStateStore,
  scope: SyncScope,
  limit: number,
): Promise<unknown[]> {
  const seen: unknown[] = [];
  let after: string | undefined;
  for (let pages = 0; pages <= KEYS.length + 1; pages++) {
    const page = await ops.page(store, scope, { limit, ...(after !== undefined ? { after } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    if (page.next === null) return seen;
    // A page that says more follow is full and names its own last key.
    expect(page.items.length).toBe(limit);
    expect(page.next).toBe(ops.keyOf(page.items.at(-1)));
    after = page.next;
  }
  throw new Error('paging did not end');
}

/**
 * Paging and per-scope caps of links, conflicts, skipped entries and pending creates (F46), for every
 * SyncStateStore: `setup` gives the store with the product's caps, `capped` one with lowered caps.
 */
export function runScopeListsContract(setup: StoreSetup, capped: CappedSetup): void {
  const fresh = (): SyncScope => ({
    userId: freshUserKey('pages'),
    folderId: 'folder-P',
  });

  describe('paged lists (F46)', () => {
    let store: SyncStateStore;
    withStore(setup, (s) => (store = s));

    test('the table covers every list a scope keeps (STATE_LIMITS.perScope)', () => {
      expect(LISTS.map((ops) => ops.list).sort()).toStrictEqual(Object.keys(STATE_LIMITS.perScope).sort());
    });

    describe.each(LISTS.map((ops) => [ops.list, ops] as const))('%s', (_name, ops) => {
      test('pages of every size concatenate to the whole list, in code-point order, scoped', async () => {
        const scope = fresh();
        const other = { ...scope, folderId: 'folder-Q' };
        await ops.put(store, scope, KEYS);
        await ops.put(store, other, ['a', 'zz']);
        const all = await ops.all(store, scope);
        expect(all.map(ops.keyOf)).toStrictEqual([...KEYS].sort(codePoint));
        for (const limit of [1, 2, 3, 5, KEYS.length - 1, KEYS.length, KEYS.length + 1, 1000])
          expect(await walk(ops, store, scope, limit)).toStrictEqual(all);
        expect(await ops.page(store, fresh(), { limit: 5 })).toStrictEqual({ items: [], next: null });
      });

      test('after a key that is gone, a page starts at the first key after it; after the last, none', async () => {
        const scope = fresh();
        await ops.put(store, scope, ['k1', 'k2', 'k3', 'k4', 'k5']);
        const first = await ops.page(store, scope, { limit: 2 });
        expect(first.items.map(ops.keyOf)).toStrictEqual(['k1', 'k2']);
        expect(first.next).toBe('k2');
        // Deleted between pages: the next page neither repeats nor skips what is left.
        await ops.remove(store, scope, ['k2', 'k3']);
        const second = await ops.page(store, scope, { limit: 2, after: 'k2' });
        expect(second).toStrictEqual({ items: second.items, next: null });
        expect(second.items.map(ops.keyOf)).toStrictEqual(['k4', 'k5']);
        // A key that was never stored, and one past the end.
        expect((await ops.page(store, scope, { limit: 9, after: 'k10' })).items.map(ops.keyOf)).toStrictEqual(
          ['k4', 'k5'],
        );
        expect(await ops.page(store, scope, { limit: 9, after: 'k5' })).toStrictEqual({
          items: [],
          next: null,
        });
        expect(await ops.page(store, scope, { limit: 9, after: '' })).toStrictEqual({
          items: await ops.all(store, scope),
          next: null,
        });
      });

      test(`a limit is taken into 1..${STATE_LIMITS.pageSize}`, async () => {
        const scope = fresh();
        await ops.put(store, scope, ['k1', 'k2']);
        for (const limit of [0, -3, 0.5])
          expect((await ops.page(store, scope, { limit })).items.map(ops.keyOf)).toStrictEqual(['k1']);
        expect((await ops.page(store, scope, { limit: 1.9 })).items.map(ops.keyOf)).toStrictEqual(['k1']);
      });
    });

    test(`one page holds at most ${STATE_LIMITS.pageSize} links, whatever the limit asked`, async () => {
      const scope = fresh();
      const keys = Array.from(
        { length: STATE_LIMITS.pageSize + 1 },
        (_, i) => `bc-${String(i).padStart(5, '0')}`,
      );
      await LISTS[0]!.put(store, scope, keys);
      const page = await store.pageLinks(scope, { limit: 50_000 });
      expect(page.items).toHaveLength(STATE_LIMITS.pageSize);
      expect(page.next).toBe(keys[STATE_LIMITS.pageSize - 1]);
      const rest = await store.pageLinks(scope, { limit: 50_000, after: page.next! });
      expect(rest.items.map((l) => l.bcId)).toStrictEqual([keys.at(-1)]);
      expect(rest.next).toBeNull();
    });
  });

  describe('a cap per scope, refused as data (F46)', () => {
    const CAP = 3;
    let store: SyncStateStore;
    withStore(
      () => capped({ links: CAP, conflicts: CAP, skipped: CAP, pending: CAP }),
      (s) => (store = s),
    );

    const refusal = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(StateStoreRefusal);
      return (e as StateStoreRefusal).refusal;
    };

    describe.each(LISTS.map((ops) => [ops.list, ops] as const))('%s', (_name, ops) => {
      test(`up to ${CAP} entries; one more is refused and nothing of that write is stored`, async () => {
        const scope = fresh();
        await ops.put(store, scope, ['k1', 'k2']);
        expect(await refusal(ops.put(store, scope, ['k2', 'k3', 'k4']))).toStrictEqual({
          kind: 'scopeFull',
          list: ops.list,
          max: CAP,
        });
        expect((await ops.all(store, scope)).map(ops.keyOf)).toStrictEqual(['k1', 'k2']);
        await ops.put(store, scope, ['k3']);
        expect(await refusal(ops.put(store, scope, ['k9']))).toStrictEqual({
          kind: 'scopeFull',
          list: ops.list,
          max: CAP,
        });
        // A full scope still takes writes of what it holds, and room freed is room again.
        await ops.put(store, scope, ['k1', 'k2', 'k3']);
        await ops.remove(store, scope, ['k1']);
        await ops.put(store, scope, ['k9']);
        expect((await ops.all(store, scope)).map(ops.keyOf)).toStrictEqual(['k2', 'k3', 'k9']);
        // Other scopes have their own room.
        await ops.put(store, { ...scope, folderId: 'folder-Q' }, ['k1', 'k2', 'k3']);
      });

      test('written by a lease holder (the fenced view a run writes through), the same cap', async () => {
        const scope = fresh();
        // A user's own lease key, as core/lease.ts leaseKeyOf makes it (over HTTP: the user's own lease).
        const key = `${scope.userId}|contacts`;
        expect(
          await store.acquireLease(key, 'run-1', '2026-01-01T00:00:00.000Z', 60_000, null),
        ).toStrictEqual({
          ok: true,
        });
        const fenced = store.fenced({ key, owner: 'run-1' });
        await ops.put(fenced, scope, ['k1', 'k2']);
        expect(await refusal(ops.put(fenced, scope, ['k2', 'k3', 'k4']))).toStrictEqual({
          kind: 'scopeFull',
          list: ops.list,
          max: CAP,
        });
        expect((await ops.all(store, scope)).map(ops.keyOf)).toStrictEqual(['k1', 'k2']);
        await ops.put(fenced, scope, ['k1', 'k3']);
        expect(await refusal(ops.put(fenced, scope, ['k9']))).toStrictEqual({
          kind: 'scopeFull',
          list: ops.list,
          max: CAP,
        });
        expect((await ops.all(store, scope)).map(ops.keyOf)).toStrictEqual(['k1', 'k2', 'k3']);
      });
    });

    test('a write that removes as many as it adds passes at the cap (conflicts, skipped)', async () => {
      const scope = fresh();
      await store.putConflicts(
        scope,
        ['a', 'b', 'c'].map((k) => conflict(k, `ol-${k}`, 'Oslo')),
        [],
      );
      await store.putConflicts(scope, [conflict('d', 'ol-d', 'Oslo')], ['a']);
      expect((await store.listConflicts(scope)).map((c) => c.bcId)).toStrictEqual(['b', 'c', 'd']);
      const skip = (k: string) => skipEntryFixture(k, 'missingName');
      await store.putSkipped(scope, ['a', 'b', 'c'].map(skip), { replace: false });
      await store.putSkipped(scope, [skip('d')], { replace: false, remove: ['a'] });
      expect((await store.listSkipped(scope)).map((s) => s.key)).toStrictEqual(['b', 'c', 'd']);
      // `replace` counts what the write leaves: 4 entries are refused, 4 less 1 removed pass.
      expect(
        await refusal(store.putSkipped(scope, ['w', 'x', 'y', 'z'].map(skip), { replace: true })),
      ).toStrictEqual({ kind: 'scopeFull', list: 'skipped', max: CAP });
      expect((await store.listSkipped(scope)).map((s) => s.key)).toStrictEqual(['b', 'c', 'd']);
      await store.putSkipped(scope, ['w', 'x', 'y', 'z'].map(skip), { replace: true, remove: ['z'] });
      expect((await store.listSkipped(scope)).map((s) => s.key)).toStrictEqual(['w', 'x', 'y']);
    });
  });
}

function codePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) ?? 0);
  const y = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}
