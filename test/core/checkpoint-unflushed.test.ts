/**
 * Issue 12 (delta-bc-1pct): between a delta's reads and its first write call the run saves its
 * record once (F114: the call's items counted as uncertain before it goes out). That save waited
 * for the database's disk (a flushed commit: 3-8 ms of the ~36 ms the run spent beyond Graph's
 * latency). The record's checkpoints are what the user reads of a run that stopped; no check of
 * the next run reads them (core/run.ts `checkpoint`), so they commit without waiting for the disk
 * (RecordCommit `unflushed`). What must stay: the first save, which makes the lease of the run's
 * opening durable before any write (`leaseOnDisk`), waits for the disk; and each write call still
 * goes out only once a saved record counts it (F114). Counted in round trips (test/support/
 * round-trips.ts), which load does not change.
 */
import { describe, expect, test } from '@jest/globals';
import type { RecordCommit, SyncStateStore } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { aroundFencedSaves } from '../support/noting-saves.js';
import { roundTrips } from '../support/round-trips.js';
import { deltaReady } from '../support/world.js';

interface Save {
  readonly commit: RecordCommit;
  readonly record: RunRecord;
}

/** `store` whose fenced views note each record save and how it was asked to commit, as it is sent. */
function notingCommits(store: SyncStateStore, saves: Save[]): SyncStateStore {
  return aroundFencedSaves(store, (record, commit, send) => {
    saves.push({ commit, record });
    return send();
  });
}

describe("a delta's checkpoint before its first write does not wait for the disk (issue 12)", () => {
  test('BC edits: the reads, one unflushed save counting the updates, then the updates', async () => {
    const { w, ids } = await deltaReady(30);
    for (const id of ids.slice(0, 3)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    const saves: Save[] = [];
    const rt = roundTrips();
    w.clock.advance(60_000);
    const { result, rounds } = await rt.measure(() =>
      runSync(
        {
          bc: rt.gated(w.bc, 'bc'),
          mailbox: rt.gated(w.mailbox, 'outlook'),
          store: rt.gated(notingCommits(w.store, saves), 'store'),
          clock: w.clock,
          logger: silentLogger,
        },
        { runId: 'unflushed-1', userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
      ),
    );
    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.outlook).toEqual({ created: 0, updated: 3, deleted: 0 });

    // Each record save's round, in the order they were sent (the gate notes a call as it is sent).
    const saveRounds = rounds.flatMap((r, n) => r.filter((c) => c === 'store.saveRun').map(() => n));
    expect(saveRounds).toHaveLength(saves.length);
    const read = rounds.findIndex((r) => r.includes('outlook.folderWithChanges'));
    const written = rounds.findIndex((r) => r.includes('outlook.update'));

    // The record's start: the one flushed save, sent beside the reads' follow-ups (the links of
    // BC's changes), not after them: it makes the lease durable before any write (leaseOnDisk).
    expect(saves[0]?.commit).toBe('flushed');
    expect(saveRounds[0]).toBeLessThanOrEqual(read + 1);
    expect(saves.filter((s) => s.commit === 'flushed')).toHaveLength(1);
    // Just before the first write: the checkpoint, unflushed, beside the updates' pending entries
    // (sent-ahead.ts), which the call waits for (entries-before-call.test.ts): stored ahead once
    // BC's changes and their links answered (entries-ahead.ts), no longer a round of their own
    // between that checkpoint and the call.
    expect([...(rounds[written - 1] ?? [])].sort()).toEqual(['store.addPendingCreates', 'store.saveRun']);
    const checkpoint = saves[saveRounds.indexOf(written - 1)];
    expect(checkpoint?.commit).toBe('unflushed');
    // F114 kept: that save counts the updates the call sends as uncertain.
    expect(checkpoint?.record.uncertain?.outlook.updated).toBe(3);
  });
});
