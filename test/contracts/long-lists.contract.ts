import { describe, test, expect } from '@jest/globals';
import type { Link } from '../../src/core/link.js';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { STATE_REQUEST_LIMITS as L } from '../../src/core/state-limits.js';
import { freshUserKey, withStore } from './store-setup.js';
import type { StoreSetup } from './store-setup.js';
import { bulkLink, conflict, skipEntryFixture } from './sync-state-store.fixtures.js';

/*
 * F112 (tester): the pane's HttpSyncStateStore sent the whole skipped list in one request and the
 * facade takes at most 10,000 entries (and 8 MiB): a pane run with 10,105 skipped contacts failed
 * where a server run succeeded. The kind: a list one store takes and another refuses on the way.
 * Every list write of the port, one past the facade's per-request limit by count and past its byte
 * limit by size, must land whole in every store.
 */

const OVER = L.entries + 1;
const ids = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}`);
/** A link of about 16 KB: 300 of them (the smallest chunk a test store uses) pass the byte limit. */
const wideLink = (i: number): Link => {
  const l = bulkLink(i);
  const wide = (c: string) => `${c.repeat(3990)}${i}`;
  const base = {
    ...l.base,
    addressLine1: wide('a'),
    addressLine2: wide('b'),
    companyName: wide('c'),
    jobTitle: wide('j'),
  };
  return { ...l, base };
};
const wideSkip = (key: string) => {
  const e = skipEntryFixture(key, 'missingEmail');
  return {
    ...e,
    record: { ...e.record, reason: { kind: 'writeFailed' as const, message: 'm'.repeat(3990) } },
  };
};

interface Row {
  readonly name: string;
  /** Writes the list and returns what the store holds after, as sorted keys. */
  readonly run: (store: SyncStateStore, scope: SyncScope) => Promise<{ held: number; expected: number }>;
}

const count = (xs: readonly unknown[]) => xs.length;

const ROWS: Row[] = [
  {
    name: `upsertLinks + deleteLinks, ${OVER} ids`,
    run: async (s, scope) => {
      const links = Array.from({ length: OVER }, (_, i) => bulkLink(i));
      await s.upsertLinks(scope, links);
      expect(await s.countLinks(scope)).toBe(OVER);
      await s.deleteLinks(
        scope,
        links.map((l) => l.bcId),
      );
      return { held: await s.countLinks(scope), expected: 0 };
    },
  },
  {
    name: `upsertLinks of 1,000 links over ${L.linkBytes} bytes`,
    run: async (s, scope) => {
      await s.upsertLinks(
        scope,
        Array.from({ length: L.links }, (_, i) => wideLink(i)),
      );
      return { held: await s.countLinks(scope), expected: L.links };
    },
  },
  {
    name: `addPendingCreates + clearPendingCreates, ${OVER} ids`,
    run: async (s, scope) => {
      const bcIds = ids(OVER, 'pending');
      await s.addPendingCreates(scope, bcIds);
      expect(count(await s.listPendingCreates(scope))).toBe(OVER);
      await s.clearPendingCreates(scope, bcIds.slice(1));
      return { held: count(await s.listPendingCreates(scope)), expected: 1 };
    },
  },
  {
    name: `putConflicts, ${OVER} upserts then ${OVER - 1} removals`,
    run: async (s, scope) => {
      const bcIds = ids(OVER, 'conflict');
      await s.putConflicts(
        scope,
        bcIds.map((id, i) => conflict(id, `o-${i}`, 'Espoo')),
        [],
      );
      expect(count(await s.listConflicts(scope))).toBe(OVER);
      await s.putConflicts(scope, [], bcIds.slice(1));
      return { held: count(await s.listConflicts(scope)), expected: 1 };
    },
  },
  {
    name: `putConflicts over ${L.entryBytes} bytes`,
    run: async (s, scope) => {
      const wide = 'x'.repeat(3990);
      const bcIds = ids(2200, 'wide');
      await s.putConflicts(
        scope,
        bcIds.map((id, i) => conflict(id, `o-${i}`, wide)),
        [],
      );
      return { held: count(await s.listConflicts(scope)), expected: 2200 };
    },
  },
  {
    name: `putSkipped replace, ${OVER} entries, then replaced by 3, then removals`,
    run: async (s, scope) => {
      const keys = ids(OVER, 'skip');
      await s.putSkipped(
        scope,
        keys.map((k) => skipEntryFixture(k, 'missingEmail')),
        { replace: true },
      );
      expect(count(await s.listSkipped(scope))).toBe(OVER);
      // F112's example, the second run: the first request replaces, the rest add to it.
      await s.putSkipped(
        scope,
        keys.slice(0, 3).map((k) => skipEntryFixture(k, 'missingName')),
        {
          replace: true,
        },
      );
      const three = await s.listSkipped(scope);
      expect(three.map((e) => [e.key, e.record.reason.kind])).toStrictEqual(
        keys.slice(0, 3).map((k) => [k, 'missingName']),
      );
      await s.putSkipped(scope, [], { replace: false, remove: [...keys.slice(1), ...ids(OVER, 'none')] });
      return { held: count(await s.listSkipped(scope)), expected: 1 };
    },
  },
  {
    name: `putSkipped over ${L.entryBytes} bytes, with removals in the same call`,
    run: async (s, scope) => {
      const keys = ids(2200, 'wide-skip');
      await s.putSkipped(scope, keys.map(wideSkip), { replace: true, remove: keys.slice(0, 200) });
      return { held: count(await s.listSkipped(scope)), expected: 2000 };
    },
  },
];

/** Long lists (F112) for every SyncStateStore: `setup` gives the store with the product's caps. */
export function runLongListsContract(setup: StoreSetup): void {
  describe('lists past one request of the facade (F112)', () => {
    let store: SyncStateStore;
    withStore(setup, (s) => (store = s));
    test.each(ROWS.map((r) => [r.name, r] as const))('%s: every entry lands', async (_name, row) => {
      const userId = freshUserKey('long');
      const { held, expected } = await row.run(store, { userId, folderId: 'folder-L' });
      expect(held).toBe(expected);
    });
  });
}
