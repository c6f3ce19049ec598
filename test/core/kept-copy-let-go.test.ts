import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import { World, person } from '../support/world.js';

// Audit question 2: keeping Outlook's side of a contact that left scope, whose copy holds a value BC
// has no field for (a second business phone), wrote Outlook's change to BC, and then every run met
// a copy it may neither remove (rule deletions.keepOutlookOnly) nor sync and listed the conflict
// again: a loop of "Keep Outlook". A resolved conflict must not come back unless a side changes
// again. The copy is let go of (unlinked, as a folder move leaves such copies, F73): the user's own.

const SECOND_PHONE = '+45 1234 5678';

async function keptWithSecondPhone() {
  const w = new World();
  await w.settings({ massDeleteShare: 1, filter: { city: 'London' } });
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
  w.bc.seed(person(2));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  const phone = w.bc.peek(a.id)!.phoneNumber;
  w.mailbox.userEdit(o.id, { jobTitle: 'Procurement Lead', businessPhones: [phone, SECOND_PHONE] });
  w.bc.edit(a.id, { city: 'Paris' });
  w.later();
  await w.sync('delta');
  const [c] = await w.store.listConflicts(await w.scope());
  expect(c?.record).toMatchObject({ kind: 'deletedInBc', reason: { kind: 'outOfScope' } });
  const scope = await w.scope();
  const kept = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
    kind: 'all',
    side: 'outlook',
  });
  expect(kept).toMatchObject({ kind: 'recreatedInBc', bcId: a.id, outlookId: o.id });
  return { w, a, o, phone };
}

describe('Keep Outlook on a copy holding values only Outlook has (audit question 2)', () => {
  test('named example: the resolved conflict does not come back, run after run, and nothing is written', async () => {
    const { w, a, o, phone } = await keptWithSecondPhone();
    const outlookBefore = JSON.stringify(await w.outlook());
    const bcBefore = JSON.stringify(await w.bc.listAll());
    for (const mode of ['delta', 'full', 'delta', 'full'] as const) {
      w.later();
      await w.sync(mode);
      expect({ mode, conflicts: await w.store.listConflicts(await w.scope()) }).toEqual({
        mode,
        conflicts: [],
      });
    }
    expect(JSON.stringify(await w.outlook())).toBe(outlookBefore);
    expect(JSON.stringify(await w.bc.listAll())).toBe(bcBefore);
    expect((await w.outlook()).find((x) => x.id === o.id)).toMatchObject({
      jobTitle: 'Procurement Lead',
      businessPhones: [phone, SECOND_PHONE],
    });
    expect(w.bc.peek(a.id)?.jobTitle).toBe('Procurement Lead');
  });

  test.each([['delta'], ['full']] as const)(
    'taken in again (%s): linked to the copy it left, no second copy, the second phone kept',
    async (mode) => {
      const { w, a, o } = await keptWithSecondPhone();
      await w.sync('delta');
      await w.settings({ filter: { city: 'London|Paris' } });
      w.later();
      await w.sync(mode);
      const copies = (await w.outlook()).filter((x) => x.bcId === a.id);
      expect(copies.map((x) => x.id)).toEqual([o.id]);
      expect(copies[0]).toMatchObject({ jobTitle: 'Procurement Lead' });
      expect(copies[0]!.businessPhones).toContain(SECOND_PHONE);
      const links = await w.store.findLinks(await w.scope(), { bcIds: [a.id], outlookIds: [] });
      expect(links.map((l) => l.outlookId)).toEqual([o.id]);
    },
  );

  test('a side changing again is met, never a removal of the copy', async () => {
    const { w, a, o } = await keptWithSecondPhone();
    w.mailbox.userEdit(o.id, { jobTitle: 'Head of Procurement' });
    w.bc.edit(a.id, { mobilePhoneNumber: '+44 7700 900123' });
    for (const mode of ['delta', 'full'] as const) {
      w.later();
      await w.sync(mode);
    }
    expect((await w.outlook()).find((x) => x.id === o.id)?.jobTitle).toBe('Head of Procurement');
    expect(w.bc.peek(a.id)?.jobTitle).toBe('Procurement Lead');
  });
});
