import { describe, expect, test } from '@jest/globals';
import type { SyncMode } from '../../src/core/records.js';
import { measuredRun } from '../support/round-trips.js';
import { World, deltaReady, editedAndNewInOutlook, outlookPerson, person } from '../support/world.js';

// Issue 12 §2: a delta's time is its round trips one after another. Reads that do not wait for
// each other go out together (the folder with its changes, BC's changes, the stored lists), and a
// store call that would change nothing is not made. Counted in rounds, which load does not change.

const N = 60;

let runs = 0;
async function measured(w: World, mode: SyncMode) {
  const { result, rounds } = await measuredRun(w, mode, `gated-${++runs}`);
  expect(result.record.status).toBe('succeeded');
  const calls = rounds.flat();
  return {
    record: result.record,
    rounds,
    calls,
    on: (side: string) => calls.filter((c) => c.startsWith(side)),
  };
}

const roundOf = (rounds: readonly string[][], call: string) => rounds.findIndex((r) => r.includes(call));

type Change = (w: World, bcIds: readonly string[]) => Promise<void>;
const scenarios: [string, Change, number][] = [
  // [name, what changed, rounds at most]: 12, 19 and 40 rounds before the reads went out together;
  // the last 31 before the create turn's walk sent each step's let-go with the next take and BC's
  // reads for Outlook's changes went in one round (turn-rounds.test.ts).
  ['nothing changed', async () => undefined, 8],
  [
    '10 BC contacts edited',
    async (w, bcIds) => {
      for (const id of bcIds.slice(0, 10)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    },
    13,
  ],
  ['5 Outlook contacts edited, 5 new', editedAndNewInOutlook, 25],
];

describe('a delta run waits for what it needs, one round trip at a time (issue 12 §2)', () => {
  test.each(scenarios)(
    '%s: the folder, BC and the stored lists read in one round',
    async (_name, change, most) => {
      const { w, ids: bcIds } = await deltaReady(N);
      await change(w, bcIds);

      const { rounds } = await measured(w, 'delta');

      const read = roundOf(rounds, 'outlook.folderWithChanges');
      expect(read).toBeGreaterThanOrEqual(0);
      for (const call of [
        'bc.readChanges',
        'store.listPendingCreates',
        'store.listConflicts',
        'store.listSkipped',
      ])
        expect([call, roundOf(rounds, call)]).toEqual([call, read]);
      expect(rounds.length).toBeLessThanOrEqual(most);
    },
  );

  test.each(scenarios)(
    '%s: no store call that changes nothing (conflicts, skipped)',
    async (_name, change) => {
      const { w, ids: bcIds } = await deltaReady(N);
      await change(w, bcIds);
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
      expect(await w.store.listSkipped(await w.scope())).toEqual([]);

      const { on } = await measured(w, 'delta');

      expect(on('store.putConflicts')).toEqual([]);
      expect(on('store.putSkipped')).toEqual([]);
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
      expect(await w.store.listSkipped(await w.scope())).toEqual([]);
    },
  );

  test('an idle delta: one Graph call and one BC call, read together', async () => {
    const { w } = await deltaReady(N);

    const { rounds, on } = await measured(w, 'delta');

    expect(on('outlook.')).toEqual(['outlook.folderWithChanges']);
    expect(on('bc.')).toEqual(['bc.readChanges']);
    expect(roundOf(rounds, 'bc.readChanges')).toBe(roundOf(rounds, 'outlook.folderWithChanges'));
  });

  /** Three BC edits of contacts in `country` ('' for none), synced before: [world, BC ids]. */
  async function editedWithCountry(country: string): Promise<World> {
    const w = new World();
    const ids = [1, 2, 3].map((i) => w.bc.seed(person(i, { country })).id);
    await w.sync('full');
    w.later();
    await w.sync('delta');
    w.later();
    for (const id of ids) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    return w;
  }

  // [Graph's rounds per call, the last round the table may be asked in, counted from Graph's read].
  // Graph a round trip away (3 rounds against loopback BC and store, as updates-ahead.test.ts): the
  // table is asked while Graph still reads, not between the plan and the updates (issue 12,
  // delta-bc-1pct at 1,000: its request and its answer's work were on the PATCH $batch's path).
  const graphRounds: [string, number, number][] = [
    ['Graph as near as BC', 1, 2],
    ['Graph a round trip away', 3, 2],
  ];
  test.each(graphRounds)(
    'BC edits to contacts with a country, %s: the tenant table is asked for once, before the updates',
    async (_name, outlook, latest) => {
      const w = await editedWithCountry('SE');

      const { result, rounds } = await measuredRun(w, 'delta', `gated-${++runs}`, { outlook });

      expect(result.record.status).toBe('succeeded');
      const calls = rounds.flat();
      expect(calls.filter((c) => c === 'bc.countriesRegions')).toEqual(['bc.countriesRegions']);
      const read = roundOf(rounds, 'outlook.folderWithChanges');
      // Was the round after the update's answer; then the update's own round (asked with the plan).
      expect(roundOf(rounds, 'bc.countriesRegions') - read).toBeLessThanOrEqual(latest);
      expect(roundOf(rounds, 'bc.countriesRegions')).toBeLessThan(roundOf(rounds, 'outlook.update'));
      expect((await w.outlook()).every((o) => o.jobTitle === 'Edited in BC')).toBe(true);
    },
  );

  test('BC edits to contacts without a country: the tenant table is not read', async () => {
    const w = await editedWithCountry('');

    const { on } = await measured(w, 'delta');

    expect(on('bc.')).toEqual(['bc.readChanges']);
    expect((await w.outlook()).every((o) => o.jobTitle === 'Edited in BC')).toBe(true);
  });

  test('a skip that a delta clears is removed', async () => {
    const { w, ids: bcIds } = await deltaReady(N);
    // A contact skipped (an Outlook e-mail BC already holds) and then fixed in Outlook.
    const folder = await w.folder();
    const twin = w.mailbox.userCreate(
      folder.id,
      outlookPerson(9, { emailAddresses: [{ address: 'person3@contoso.com', name: 'Twin' }] }),
    );
    await w.sync('delta');
    expect(await w.store.listSkipped(await w.scope())).toHaveLength(1);
    w.mailbox.userEdit(twin.id, { emailAddresses: [{ address: 'twin9@fabrikam.com', name: 'Twin' }] });
    w.bc.edit(bcIds[0]!, { jobTitle: 'Edited in BC' });

    const { on } = await measured(w, 'delta');

    expect(on('store.putSkipped')).toEqual(['store.putSkipped']);
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
  });
});
