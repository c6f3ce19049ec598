import { describe, expect, test } from '@jest/globals';
import type { SyncMode } from '../../src/core/records.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { useCountedWorld } from '../support/counted-world.js';
import { recordAnsweredCalls } from '../support/store-calls.js';

// Issue 12 §2 target: a delta with nothing changed costs 1 BC request + 1 Graph request and a
// constant number of store calls, at any folder size. Counted through the real adapters (the
// facade's BC API on PGlite, the Graph emulator over HTTP) on one world grown from SMALL to
// LARGE contacts: the idle delta's requests, its store calls (in order) and the rows those calls
// answered must be the same at both sizes — any read that grows with the folder (a link list, a
// page of contacts, a list of skipped contacts) changes one of them.

const USER = { oid: '5b0c6f1e-3333-4000-8000-00000000ec42', upn: 'idle@contoso.test' };
const SMALL = 30;
const LARGE = 300;

const w = useCountedWorld(USER);
const calls = recordAnsweredCalls(w.store);

async function sync(mode: SyncMode) {
  calls.take();
  const run = await w.sync(mode);
  return { ...run, store: calls.take() };
}

/** Runs a run reads back from its history at most (state-origin.ts RECENT_RUNS is 20). */
const HISTORY = 25;

/**
 * Grows BC to `n` contacts, syncs them all (full, then deltas until the run history a run reads
 * back is full, so it answers as many rows at both sizes), and measures an idle delta.
 */
async function idleDeltaAt(n: number, from: number) {
  const made = await w.bc.create(Array.from({ length: n - from }, (_, i) => bcDraft(from + i + 1)));
  expect(made.every((m) => m.ok)).toBe(true);
  await sync('full');
  while (w.runs < HISTORY) await sync('delta');
  await sync('delta');
  const idle = await sync('delta');
  expect(idle.plan!.items).toEqual([]);
  expect((await w.mailbox.listContacts((await w.mailbox.ensureFolder('Business Central')).id)).length).toBe(
    n,
  );
  return idle;
}

describe('an idle delta costs the same at any folder size (issue 12 §2)', () => {
  test(`${SMALL} and ${LARGE} contacts: 1 Graph and 1 BC request, the same store calls answering the same rows`, async () => {
    const small = await idleDeltaAt(SMALL, 0);
    const large = await idleDeltaAt(LARGE, SMALL);

    for (const idle of [small, large]) {
      expect(idle.graph).toHaveLength(1);
      expect(idle.bc).toHaveLength(1);
    }
    expect(large.store).toEqual(small.store);
    // Nothing answered grows with the folder: at most the run's own records (its recent runs).
    expect(Math.max(...large.store.map((c) => c.rows))).toBeLessThan(HISTORY);
    expect(large.graph.map((r) => r.split('?')[0])).toEqual(small.graph.map((r) => r.split('?')[0]));
    expect(large.bc.map((r) => r.split('?')[0])).toEqual(small.bc.map((r) => r.split('?')[0]));
  });
});
