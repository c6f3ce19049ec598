import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { OutlookContactDraft } from '../../src/core/model.js';
import { UncertainWorld } from '../support/uncertain-world.js';
import type { Seat } from '../support/uncertain-world.js';

// pendingbc's finding: on the pane's path (silentResends) a create the browser sent twice leaves a
// copy the adapter deletes right after the creates answer (F34). Those deletes are writes of their
// own and went out without asking the caller: a run that had lost its lease meanwhile still
// deleted. Now the clean-up asks the caller's SendAgain first; refused, nothing is deleted and the
// creates count as unknown (the next run looks them up by BC id).

let world: UncertainWorld;
beforeAll(async () => {
  world = await UncertainWorld.start('inProcess');
});
afterAll(async () => world.close());

const drafts = (tag: string): OutlookContactDraft[] =>
  [0, 1].map((i) => ({
    bcId: `00000000-0000-4000-8000-${tag}${String(i).padStart(12 - tag.length, '0')}`,
    displayName: `Resent ${tag} ${i}`,
    emailAddresses: [{ address: `resent-${tag}-${i}@fabrikam.com`, name: `Resent ${tag} ${i}` }],
  })) as unknown as OutlookContactDraft[];

describe('a resent create copy is removed only while the caller may write', () => {
  let seat: Seat;
  beforeAll(async () => {
    seat = await world.seat({ silentResends: true });
  });

  test.each([
    { may: true, deletes: 2, copies: 1, outcome: 'ok' },
    { may: false, deletes: 0, copies: 2, outcome: 'unknownOutcome' },
  ])('caller may write: $may -> $deletes deletes sent', async ({ may, deletes, copies, outcome }) => {
    const folder = await seat.folder();
    const tag = may ? 'aa' : 'bb';
    const asked: number[] = [];
    seat.graphFates = (w) => (w.method === 'POST' ? 'appliedResent' : 'ok');
    const before = seat.graphLog.writes.filter((w) => w.method === 'DELETE').length;
    const posts = () => seat.graphLog.writes.filter((w) => w.method === 'POST').length;
    const postsBefore = posts();
    // Held while the creates go (a write is asked right before the wire too, 52bdae8); `may` after.
    const out = await seat.mailbox.create(folder.id, drafts(tag), async () => {
      asked.push(1);
      return posts() > postsBefore ? may : true;
    });
    seat.graphFates = null;
    expect(asked.length).toBeGreaterThan(0);
    expect(seat.graphLog.writes.filter((w) => w.method === 'DELETE').length - before).toBe(deletes);
    expect(out.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([outcome, outcome]);
    const mine = (await seat.outlookAll()).filter((c) => c.displayName.startsWith(`Resent ${tag}`));
    expect(mine).toHaveLength(2 * copies);
  });
});
