import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import { normalizeEmail } from '../../src/core/model.js';
import { World, person } from '../support/world.js';

// Soak F2: keeping Outlook's side of a deletedInBc conflict whose contact only left scope (BC still
// holds it, under the same address) was refused as a duplicate e-mail naming the contact itself.
// A contact is never its own duplicate: Outlook's values are written to it, no second is made.
// Every way a contact leaves scope while BC keeps its address; the copy holds an Outlook edit.

type Leaving = 'bcEditOutOfScope' | 'filterChange' | 'privacyBlocked' | 'company';
const LEAVINGS: readonly Leaving[] = ['bcEditOutOfScope', 'filterChange', 'privacyBlocked', 'company'];

async function leftOutEdited(leaving: Leaving) {
  const w = new World();
  await w.settings({ massDeleteShare: 1, filter: { city: 'London' } });
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
  w.bc.seed(person(2, { city: 'Paris' }));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.mailbox.userEdit(o.id, { jobTitle: 'Procurement Lead' });
  if (leaving === 'bcEditOutOfScope') w.bc.edit(a.id, { city: 'Paris' });
  else if (leaving === 'privacyBlocked') w.bc.edit(a.id, { privacyBlocked: true });
  else if (leaving === 'company') w.bc.edit(a.id, { type: 'Company' });
  else await w.settings({ filter: { city: 'London|Paris', email: `<>${w.bc.peek(a.id)!.email}` } });
  w.later();
  await w.sync('delta');
  const [c] = await w.store.listConflicts(await w.scope());
  expect(c?.record).toMatchObject({ kind: 'deletedInBc', reason: { kind: 'outOfScope' } });
  return { w, a, o };
}

async function keepOutlook(w: World, bcId: string) {
  const scope = await w.scope();
  return resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, bcId, {
    kind: 'all',
    side: 'outlook',
  }).catch((e: unknown) => ({ kind: 'refused', error: (e as { failure?: unknown }).failure ?? String(e) }));
}

describe('keeping Outlook’s side of a contact that left scope (soak F2)', () => {
  test.each(LEAVINGS.map((l) => [l]))(
    '%s: written to the contact itself, no duplicate, no second contact',
    async (leaving) => {
      const { w, a, o } = await leftOutEdited(leaving);
      const email = normalizeEmail(w.bc.peek(a.id)!.email);
      const result = await keepOutlook(w, a.id);
      expect(result).toMatchObject({ kind: 'recreatedInBc', bcId: a.id, outlookId: o.id });
      const holding = (await w.bc.listAll()).filter((b) => normalizeEmail(b.email) === email);
      expect(holding.map((b) => [b.id, b.jobTitle])).toEqual([[a.id, 'Procurement Lead']]);
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
    },
  );

  test('named example: filter change, keep Outlook — not refused as a duplicate of itself', async () => {
    const { w, a } = await leftOutEdited('filterChange');
    const result = await keepOutlook(w, a.id);
    expect(JSON.stringify(result)).not.toContain('duplicateEmailInBc');
    expect(w.bc.peek(a.id)?.jobTitle).toBe('Procurement Lead');
  });

  test('another BC contact holding the address still refuses (naming it, not the contact itself)', async () => {
    const { w, a } = await leftOutEdited('bcEditOutOfScope');
    const other = w.bc.seed(person(4, { email: w.bc.peek(a.id)!.email }));
    const result = await keepOutlook(w, a.id);
    expect(result).toMatchObject({ kind: 'refused' });
    expect(result).toMatchObject({
      error: { kind: 'invalidForBc', reasons: [{ kind: 'duplicateEmailInBc', bcIds: [other.id] }] },
    });
    expect(w.bc.peek(a.id)?.jobTitle).toBe('Buyer');
  });
});
