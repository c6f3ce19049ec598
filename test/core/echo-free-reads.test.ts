import { describe, expect, test } from '@jest/globals';
import { echoFreeSince } from '../../src/core/echo-free.js';
import type { Mailbox, ReportedChange } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { startingRecord } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { roundTrips } from '../support/round-trips.js';
import { USER, World, deltaReady, editedAndNewInOutlook } from '../support/world.js';

// Issue 12, delta-outlook-1pct: the links of what a delta page reports were looked up in the store
// before Graph read those contacts by id, a store round trip between two Graph calls, there only to
// leave the run's own writes (echoes) unread. When the runs since the cursor's link wrote nothing,
// no echo can come back (echo-free.ts): the reads by id go at once, the look-up beside them.

const ZERO = { created: 0, updated: 0, deleted: 0 };

function record(over: Partial<RunRecord> = {}): RunRecord {
  const base = startingRecord(
    {
      id: 'r',
      userId: USER,
      mode: 'delta',
      dryRun: false,
      trigger: 'schedule',
      folderName: 'Business Central',
    },
    '2026-01-01T00:00:00.000Z',
  );
  return { ...base, folderId: 'F', status: 'succeeded', ...over };
}
const wroteOutlook = { counts: { bc: ZERO, outlook: { ...ZERO, updated: 2 } } };
const wroteBc = { counts: { bc: { ...ZERO, created: 1 }, outlook: ZERO } };
const uncertain = { uncertain: { bc: ZERO, outlook: { ...ZERO, updated: 1 } } };

describe('echoFreeSince: no run since the cursor was read wrote anything', () => {
  const rows: [string, RunRecord[], boolean][] = [
    ['the newest run succeeded and wrote nothing', [record()], true],
    ['it wrote to Outlook (its writes come back)', [record(wroteOutlook)], false],
    ['it created in BC (the BC id stamp on Outlook comes back)', [record(wroteBc)], false],
    ['it sent a write whose answer it never had', [record(uncertain)], false],
    [
      'a failed run after it wrote (it kept the cursor)',
      [record({ status: 'failed', ...wroteOutlook }), record()],
      false,
    ],
    ['an interrupted run after it wrote nothing', [record({ status: 'interrupted' }), record()], true],
    [
      'a dry run after it (writes nothing, moves nothing)',
      [record({ dryRun: true, ...wroteOutlook }), record()],
      true,
    ],
    ['writes before the run that moved the cursor are behind it', [record(), record(wroteOutlook)], true],
    [
      'the run that moved the cursor left creates for later',
      [record({ deferred: { createTurnBusy: 1, createdElsewhere: 0 } })],
      false,
    ],
    ['a record of another folder', [record({ folderId: 'G' })], false],
    ['a record without a folder (older records)', [record({ folderId: undefined })], false],
    ['no run moved the cursor among the records', [record({ status: 'cancelled' })], false],
    ['no records', [], false],
  ];
  test.each(rows)('%s', (_name, runs, expected) => {
    expect(echoFreeSince(runs, 'F')).toBe(expected);
  });
});

/**
 * `mailbox` as Graph's adapter reads a delta: the page (`outlook.folderWithChanges`), then, once
 * `known` answered, the reported contacts it does not hold read by id (`outlook.getMany`), each a
 * call of its own for the round counter. The ids read by id are kept in `readById`.
 */
function pageThenReads(gated: Mailbox, readById: string[][]): Mailbox {
  const folderWithChanges: Mailbox['folderWithChanges'] = async (folderId, link, known, onPage) => {
    let reported: readonly ReportedChange[] = [];
    const page = await gated.folderWithChanges(
      folderId,
      link,
      async (r) => {
        reported = r;
        return new Set(r.map((c) => c.id));
      },
      onPage,
    );
    if (!page || page.changes.kind !== 'changes' || reported.length === 0) return page;
    const held = known ? await known(reported) : new Set<string>();
    const rest = reported.filter((r) => !held.has(r.id)).map((r) => r.id);
    readById.push(rest);
    const changed = rest.length > 0 ? await gated.getMany(folderId, rest) : [];
    return { folder: page.folder, changes: { ...page.changes, changed } };
  };
  return new Proxy(gated, {
    get: (target, prop, receiver) =>
      prop === 'folderWithChanges' ? folderWithChanges : (Reflect.get(target, prop, receiver) as unknown),
  });
}

async function measuredDelta(w: World, runId: string) {
  const rt = roundTrips();
  const readById: string[][] = [];
  w.clock.advance(60_000);
  const { result, rounds } = await rt.measure(() =>
    runSync(
      {
        bc: rt.gated(w.bc, 'bc'),
        mailbox: pageThenReads(rt.gated(w.mailbox, 'outlook'), readById),
        store: rt.gated(w.store, 'store'),
        clock: w.clock,
        logger: silentLogger,
      },
      { runId, userId: USER, mode: 'delta', dryRun: false, trigger: 'schedule' },
    ),
  );
  const roundOf = (call: string) => rounds.findIndex((r) => r.includes(call));
  return { record: result.record, rounds, readById, roundOf };
}

describe('a delta after runs that wrote nothing reads what it reports at once (issue 12)', () => {
  test('delta-outlook-1pct at small n: the reads by id go with the links look-up, not a round after it', async () => {
    const { w } = await deltaReady(60, new World({ opensRuns: true }));
    await editedAndNewInOutlook(w);

    const { record, rounds, readById, roundOf } = await measuredDelta(w, 'echo-free');

    expect(record.status).toBe('succeeded');
    expect(record.counts.bc).toEqual({ created: 5, updated: 5, deleted: 0 });
    expect(readById.map((ids) => ids.length)).toEqual([10]);
    const reads = roundOf('outlook.getMany');
    // The reported contacts' links: looked up in the round the reads by id go out in (was the one before).
    expect(rounds[reads]).toContain('store.findLinks');
    expect(reads).toBe(roundOf('outlook.folderWithChanges') + 1);
  });

  test('after a run whose writes come back, the echoes are left unread: the reads wait for the look-up', async () => {
    const { w, ids } = await deltaReady(60, new World({ opensRuns: true }));
    for (const id of ids.slice(0, 3)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    await w.sync('delta');
    w.later();
    for (const o of (await w.outlook()).filter((c) => !ids.slice(0, 3).includes(c.bcId)).slice(0, 2))
      w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });

    const { record, rounds, readById, roundOf } = await measuredDelta(w, 'echoes');

    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.updated).toBe(2);
    // Five reported (three echoes of the BC edits' updates, two user edits): two read.
    expect(readById.map((r) => r.length)).toEqual([2]);
    const reads = roundOf('outlook.getMany');
    expect(rounds[reads - 1]).toContain('store.findLinks');
    expect(rounds[reads]).not.toContain('store.findLinks');
  });

  test('records that wrongly say no echo can come back cost reads, not a wrong plan', async () => {
    const { w, ids } = await deltaReady(60, new World({ opensRuns: true }));
    for (const id of ids.slice(0, 3)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    await w.sync('delta');
    w.later();
    // A record saying a newer run wrote nothing and moved the cursor (it did not): the three
    // updates of the run before come back in the delta as echoes, taken for changes.
    const [last] = await w.store.listRuns(USER, 1);
    const at = w.clock.now();
    await w.store.saveRun({
      ...last!,
      id: 'liar',
      startedAt: at,
      finishedAt: at,
      counts: { bc: ZERO, outlook: ZERO },
    });
    const before = { bc: await w.bc.listAll(), outlook: await w.outlook() };

    const { record, readById } = await measuredDelta(w, 'misled');

    expect(record.status).toBe('succeeded');
    expect(readById.map((r) => r.length)).toEqual([3]);
    expect(record.counts).toEqual({ bc: ZERO, outlook: ZERO });
    expect(record.conflicts).toBe(0);
    expect({ bc: await w.bc.listAll(), outlook: await w.outlook() }).toEqual(before);
  });
});
