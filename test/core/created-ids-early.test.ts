import { describe, expect, test } from '@jest/globals';
import { createdIdsAhead, importDraft } from '../../src/core/create-keys.js';
import { CreatedIdsEarly } from '../../src/core/created-ids-early.js';
import { outlookToSyncFields } from '../../src/core/mapping.js';
import { withDisplayName } from '../../src/core/matching.js';
import type { OutlookContact } from '../../src/core/model.js';
import type { BcContactDraft } from '../../src/core/ports.js';
import { CREATE_TURN_LINE } from '../../src/core/lease.js';
import { measuredRun } from '../support/round-trips.js';
import { deltaReady, editedAndNewInOutlook, outlookPerson } from '../support/world.js';

// Issue 12, delta-outlook-1pct: the pane's engine asks the facade the ids its imports get
// (createdIdsAfter) before their pending entries are written. Asked once the plan was made, that
// was a BC round trip between Graph's answer and the creates (and the BC id stamps after them);
// asked as Graph answers, it goes beside the rest of the run's work. Counted in rounds.

/**
 * Graph's delta and reads by id take this many rounds (round trips of 40 ms; BC and the store on
 * loopback answer in a few): the create turn taken meanwhile (turn-ahead.ts: CREATE_TURN_LINE + 2
 * store rounds, then its look-up) is held and answered by the time Graph answers, as at the
 * bench's latencies.
 */
const GRAPH_ROUNDS = CREATE_TURN_LINE + 3;

const roundOf = (rounds: readonly string[][], call: string) => rounds.findIndex((r) => r.includes(call));

describe("the imports' ids are asked as Graph answers (pane's engine over HTTP)", () => {
  test('asked in the round Graph answers, once; the entries in the next; the creates after them', async () => {
    const { w } = await deltaReady(60);
    // The memory BC without its ids ahead stands for the adapter over HTTP (it asks the facade).
    w.bc.idsAhead = false;
    w.bc.namesByKey = true;
    await editedAndNewInOutlook(w);
    const entries: string[] = [];
    const add = w.store.addPendingCreates.bind(w.store);
    w.store.addPendingCreates = async (scope, keys) => {
      entries.push(...keys);
      return add(scope, keys);
    };

    const { result, rounds } = await measuredRun(w, 'delta', 'early-ids', { outlook: GRAPH_ROUNDS });

    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.bc.created).toBe(5);
    const read = roundOf(rounds, 'outlook.folderWithChanges');
    const asked = roundOf(rounds, 'bc.createdIdsAfter');
    // Was read + GRAPH_ROUNDS + 1: asked once the plan was made, beside the record's save.
    expect(asked).toBe(read + GRAPH_ROUNDS);
    expect(rounds.flat().filter((c) => c === 'bc.createdIdsAfter')).toHaveLength(1);
    expect(roundOf(rounds, 'store.addPendingCreates')).toBe(asked + 1);
    expect(roundOf(rounds, 'bc.create')).toBe(asked + 2);
    // Trust (review RV14): every create's entry holds the id its contact got, asked early.
    const links = await w.store.listLinks({ userId: 'ann@contoso.com', folderId: (await w.folder()).id });
    const created = entries
      .map((e) => JSON.parse(e) as { outlookId?: string; id?: string })
      .filter((e) => e.outlookId !== undefined);
    expect(created).toHaveLength(5);
    for (const e of created) expect(e.id).toBe(links.find((l) => l.outlookId === e.outlookId)?.bcId);
  });
});

/** A BC that asks the facade, answering "id-<outlook id>" for each draft, and noting what it was asked. */
function askingBc(fail = false) {
  const asked: string[][] = [];
  return {
    asked,
    createdIdsAfter: async (drafts: readonly BcContactDraft[]) => {
      asked.push(drafts.map((d) => d.createKey ?? ''));
      if (fail) throw new Error('facade unreachable');
      return drafts.map((d) => `id-${(JSON.parse(d.createKey ?? '[]') as string[])[1] ?? ''}`);
    },
  };
}

/** Outlook contact `id` with address `email`, as Graph reads it. */
const contact = (id: string, email: string): OutlookContact => ({
  ...outlookPerson(1, { emailAddresses: [{ name: '', address: email }] }),
  id,
  changeKey: 'ck',
  outlookOnly: [],
});
/** Its import as the planner makes it (matching.ts: the contact's values, name filled in). */
const create = (o: OutlookContact) => ({ outlookId: o.id, fields: withDisplayName(outlookToSyncFields(o)) });

describe('createdIdsAhead with ids asked early', () => {
  test('a draft asked early is not asked again; one that differs from what was asked is', async () => {
    const bc = askingBc();
    const early = new CreatedIdsEarly(bc);
    const [o1, o2] = [contact('o1', 'a@x.test'), contact('o2', 'b@x.test')];
    early.ask([o1, o2]);
    expect(bc.asked).toHaveLength(1);
    const edited = { ...create(o2), fields: { ...create(o2).fields, jobTitle: 'Edited since' } };
    const ids = await createdIdsAhead(bc, [create(o1), edited], early);
    expect(ids.get('o1')).toBe('id-o1');
    expect(ids.get('o2')).toBe('id-o2');
    // o2's values differ from the ones asked early: asked again, alone.
    expect(bc.asked).toEqual([
      [o1, o2].map((o) => importDraft(create(o)).createKey ?? ''),
      [importDraft(edited).createKey ?? ''],
    ]);
  });

  test('an early ask that failed is asked again by the group', async () => {
    const failing = askingBc(true);
    const early = new CreatedIdsEarly(failing);
    const o1 = contact('o1', 'a@x.test');
    early.ask([o1]);
    const bc = askingBc();
    const ids = await createdIdsAhead(bc, [create(o1)], early);
    expect(ids.get('o1')).toBe('id-o1');
    expect(bc.asked).toHaveLength(1);
  });
});
