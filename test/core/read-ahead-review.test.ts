/**
 * Review of the reads a delta run starts as it takes the lease (run-start.ts startUnderLease), kept
 * only when the records AND the cursor read under the lease are those read before it:
 * - the case the records cannot tell: an engine over HTTP ends a run in three requests (cursor,
 *   record, release), and one that died after the first moved the cursor while its record still
 *   says `running`; the run must then read from the cursor as it is under the lease;
 * - reads dropped that reported new Outlook contacts: whatever they started for them (the create
 *   turn taken while Graph reads, turn-ahead.ts) is let go with them, and the contacts are created
 *   once, by the reads the run keeps.
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { USER, deltaReady, outlookPerson } from '../support/world.js';
import { lineFree } from '../support/turn-line.js';

describe('a cursor moved between the early reads and the lease, no record changed', () => {
  test('the reads started on the old cursor are dropped; BC is read again from the cursor under the lease', async () => {
    const { w, ids } = await deltaReady(3);
    const scope = await w.scope();
    const before = (await w.store.getCursor(scope))!;
    // A run's engine moved the cursor past Paris and died before saving its record (what it wrote
    // to Outlook is not the point here): only the cursor moves, no record is touched.
    w.bc.edit(ids[0]!, { city: 'Paris' });
    const past = await w.bc.readChanges(before.bcDeltaLink);
    const moved = { ...before, bcDeltaLink: past.deltaLink };
    expect(moved.bcDeltaLink).not.toBe(before.bcDeltaLink);
    const reads: (string | null)[] = [];
    const readChanges = w.bc.readChanges.bind(w.bc);
    w.bc.readChanges = async (link: string | null, ...rest) => {
      reads.push(link);
      return readChanges(link, ...rest);
    };
    const runsBefore = JSON.stringify(await w.store.listRuns(USER, 20));
    const acquire = w.store.acquireLease.bind(w.store);
    let movedOnce = false;
    w.store.acquireLease = async (...args) => {
      if (!movedOnce) {
        movedOnce = true;
        await w.store.putCursor(scope, moved);
      }
      return acquire(...args);
    };

    const { record } = await w.sync('delta');

    expect(movedOnce).toBe(true);
    expect(record.status).toBe('succeeded');
    // No record changed in between: only the cursor tells.
    expect(JSON.stringify((await w.store.listRuns(USER, 20)).filter((r) => r.id !== record.id))).toBe(
      runsBefore,
    );
    // Read ahead from the cursor seen before the lease, dropped, read again from the one under it.
    expect(reads.at(-1)).toBe(moved.bcDeltaLink);
    expect(reads.filter((l) => l === moved.bcDeltaLink)).toHaveLength(1);
    // Paris was the dead run's: this run's BC read did not bring it.
    expect(record.counts.outlook.updated).toBe(0);
  });
});

describe('dropped reads that reported new Outlook contacts', () => {
  test('a run between takes the lease: the turn the dropped reads took is let go, each new contact created once', async () => {
    const { w } = await deltaReady(5);
    const folder = await w.folder();
    for (let i = 1; i <= 3; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
    // Another host's run, cancelled at once (it writes nothing, so the new contacts stay new), ends
    // between this run's reads of the records and cursor and its lease; only its record tells.
    const acquire = w.store.acquireLease.bind(w.store);
    let between: Promise<unknown> | null = null;
    w.store.acquireLease = async (...args) => {
      if (between === null) {
        between = runSync(
          { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
          { runId: 'cancelled-between', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
          { cancel: { isCancelled: () => true } },
        );
        await between;
      }
      return acquire(...args);
    };
    w.clock.advance(60_000);
    // No time passes after the run: a turn left held would still be held.
    const { record } = await runSync(
      { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
      { runId: 'after-cancelled', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
    );
    expect(between).not.toBeNull();
    expect((await w.store.getRun(USER, 'cancelled-between'))?.status).toBe('cancelled');
    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.created).toBe(3);
    expect(record.deferred).toBeUndefined();
    expect((await w.bc.listAll()).length).toBe(8);
    expect((await w.outlook()).filter((o) => o.bcId === '')).toHaveLength(0);
    expect(await lineFree(w)).toBe(true);
  });
});
