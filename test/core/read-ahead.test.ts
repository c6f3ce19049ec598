/**
 * Issue 12 §2: a delta run's reads of both sides start as soon as it holds the lease, on the run
 * records and the cursor read before it (run-start.ts startUnderLease): Graph's first request went
 * out a store round trip after the lease (the records and the cursor read again under it). They
 * are the run's only when what is read under the lease is the same; a run that took the folder in
 * between makes the run drop them and read again from where that run left the folder.
 */
import { describe, expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { RunInProgressError, runSync } from '../../src/core/run.js';
import { measuredFailure, measuredRun } from '../support/round-trips.js';
import { USER, deltaReady } from '../support/world.js';

const roundOf = (rounds: readonly string[][], call: string) => rounds.findIndex((r) => r.includes(call));

describe("a delta run's reads start with its lease (issue 12 §2)", () => {
  test('Graph and BC are read in the round after the lease, beside the records read again under it', async () => {
    const { w, ids } = await deltaReady(20);
    for (const id of ids.slice(0, 10)) w.bc.edit(id, { jobTitle: 'Edited in BC' });

    const { result, rounds } = await measuredRun(w, 'delta', 'ahead-1');

    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.outlook.updated).toBe(10);
    // Round 0: settings and records; 1: the lease and the cursor; 2: both sides (was round 3, after
    // the records and the cursor read under the lease).
    expect(roundOf(rounds, 'store.getSettings')).toBe(0);
    expect(roundOf(rounds, 'store.acquireLease')).toBe(1);
    expect(roundOf(rounds, 'store.getCursor')).toBe(1);
    const read = roundOf(rounds, 'outlook.folderWithChanges');
    expect(read).toBe(2);
    expect(roundOf(rounds, 'bc.readChanges')).toBe(read);
    // The records and the cursor read under the lease went out with the reads, not before them.
    expect(rounds[read]).toEqual(expect.arrayContaining(['store.listRuns', 'store.getCursor']));
    expect(rounds.flat().filter((c) => c === 'outlook.folderWithChanges')).toHaveLength(1);
    expect((await w.outlook()).filter((o) => o.jobTitle === 'Edited in BC')).toHaveLength(10);
  });

  test("another run that takes the lease between the early reads and this run's lease: what was read ahead is dropped", async () => {
    const { w, ids } = await deltaReady(3);
    const scope = await w.scope();
    w.bc.edit(ids[0]!, { city: 'Paris' });
    const before = (await w.store.getCursor(scope))!;
    // The links each read of BC's changes went from (the folder's link stays where it was: the
    // run between wrote one contact, below the echo round's page, design §2).
    const reads: (string | null)[] = [];
    const readChanges = w.bc.readChanges.bind(w.bc);
    w.bc.readChanges = async (link: string | null) => {
      reads.push(link);
      return readChanges(link);
    };
    // The pane's run ends between this run's reads of the records and cursor and its lease: it
    // syncs Paris and moves the cursor; then the user edits another contact in BC.
    const acquire = w.store.acquireLease.bind(w.store);
    let between: Promise<unknown> | null = null;
    w.store.acquireLease = async (...args) => {
      if (between === null) {
        between = runSync(
          { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
          { runId: 'run-between', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
        );
        await between;
        w.bc.edit(ids[1]!, { city: 'Rome' });
      }
      return acquire(...args);
    };

    const { record } = await w.sync('delta');

    expect(record.status).toBe('succeeded');
    const after = (await w.store.getRun(USER, 'run-between'))!;
    expect(after.status).toBe('succeeded');
    expect(after.counts.outlook.updated).toBe(1);
    // The run between read from the stored link; this one read ahead from the same link (stale
    // once the run between moved it), dropped that read, and read again from the link it left.
    expect(reads).toHaveLength(3);
    expect(reads.slice(0, 2)).toStrictEqual([before.bcDeltaLink, before.bcDeltaLink]);
    expect(reads[2]).not.toBe(before.bcDeltaLink);
    expect(reads[2]).not.toBeNull();
    // Only Rome was this run's to write: Paris was written by the run between.
    expect(record.counts.outlook.updated).toBe(1);
    const cities = (await w.outlook()).map((o) => o.businessAddress.city).sort();
    expect(cities).toEqual(expect.arrayContaining(['Paris', 'Rome']));
  });

  test('a run refused the lease starts no read of either side', async () => {
    const { w } = await deltaReady(3);
    const folderName = (await w.store.getSettings(USER))?.folderName ?? DEFAULT_SETTINGS.folderName;
    // Another host's run holds the folder.
    const held = await w.store.acquireLease(leaseKeyOf(USER, folderName), 'other-run', w.clock.now(), 60_000);
    expect(held.ok).toBe(true);
    const { result, rounds } = await measuredFailure(w, 'delta', 'refused');

    expect(result).toBeInstanceOf(RunInProgressError);
    const calls = rounds.flat();
    expect(calls.filter((c) => c.startsWith('outlook.') || c.startsWith('bc.'))).toEqual([]);
    // The cursor asked for beside the lease, answered before the run gave up.
    expect(calls.filter((c) => c === 'store.getCursor')).toHaveLength(1);
    // Then one store read: the holder's record, which tells a running sync from a folder kept after a
    // stop with writes in flight (a841f5d5: the refusal says until when). No read of either side.
    expect(rounds).toEqual([expect.any(Array), expect.any(Array), ['store.getRun']]);
  });
});
