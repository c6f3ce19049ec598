import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import { World, person } from '../support/world.js';

// Soak F1 (rule conflicts.settledKept): a field conflict the policy settled keeps the losing value in
// its record alone. When the contact then goes on BC's side (deleted, or out of scope by a BC edit
// or by a filter change), the copy, holding the winner, was removed with the record: the losing
// value vanished without the user deciding. It is kept as a deletedInBc conflict showing it.

type Policy = 'bcWins' | 'outlookWins';
type Going = 'bcDelete' | 'bcEditOutOfScope' | 'filterChange' | 'privacyBlocked';

const BASE = 'Buyer';
const BC_VALUE = 'Head Buyer';
const OL_VALUE = 'Procurement Lead';

/** A contact whose jobTitle conflict `policy` settled (listed, settled) after a full and a delta. */
async function settledWorld(policy: Policy) {
  const w = new World();
  await w.settings({ conflictPolicy: policy, massDeleteShare: 1, filter: { city: 'London' } });
  const a = w.bc.seed(person(1, { jobTitle: BASE }));
  // Another contact in scope: a BC left empty holds the run (guard bcEmpty).
  w.bc.seed(person(2, { city: 'Paris' }));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.bc.edit(a.id, { jobTitle: BC_VALUE });
  w.mailbox.userEdit(o.id, { jobTitle: OL_VALUE });
  await w.sync('delta');
  const [kept] = await w.store.listConflicts(await w.scope());
  const winner = policy === 'bcWins' ? 'bc' : 'outlook';
  expect(kept?.record.fields).toEqual([
    { field: 'jobTitle', base: BASE, bc: BC_VALUE, outlook: OL_VALUE, winner },
  ]);
  return { w, a, o };
}

async function go(w: World, bcId: string, going: Going): Promise<void> {
  if (going === 'bcDelete') w.bc.remove(bcId);
  else if (going === 'bcEditOutOfScope') w.bc.edit(bcId, { city: 'Paris' });
  else if (going === 'privacyBlocked') w.bc.edit(bcId, { privacyBlocked: true });
  // London or Paris, but not this contact's e-mail.
  else await w.settings({ filter: { city: 'London|Paris', email: `<>${w.bc.peek(bcId)!.email}` } });
}

const ROWS: [Policy, Going, 'delta' | 'full'][] = [];
for (const policy of ['bcWins', 'outlookWins'] as const)
  for (const going of ['bcDelete', 'bcEditOutOfScope', 'filterChange', 'privacyBlocked'] as const)
    for (const mode of ['delta', 'full'] as const) ROWS.push([policy, going, mode]);

describe('a settled conflict whose contact goes on BC side keeps its losing value (soak F1)', () => {
  test.each(ROWS)(
    '%s, %s, %s run: copy kept, conflict lists the losing value',
    async (policy, going, mode) => {
      const { w, a, o } = await settledWorld(policy);
      await go(w, a.id, going);
      // A filter change makes the next run full; the second run checks the record is stable.
      for (const run of [mode, mode] as const) {
        const { record } = await w.sync(run);
        expect(record.counts.outlook.deleted).toBe(0);
        expect(w.mailbox.peek(o.id)?.jobTitle).toBe(policy === 'bcWins' ? BC_VALUE : OL_VALUE);
        const conflicts = await w.store.listConflicts(await w.scope());
        expect(conflicts).toHaveLength(1);
        expect(conflicts[0]!.record).toMatchObject({
          kind: 'deletedInBc',
          reason: { kind: going === 'bcDelete' ? 'bcDeleted' : 'outOfScope' },
        });
        expect(conflicts[0]!.record.fields).toEqual([
          expect.objectContaining({ field: 'jobTitle', bc: BC_VALUE, outlook: OL_VALUE }),
        ]);
      }
    },
  );

  test('named example: bcWins, BC deletes the contact; keeping Outlook makes BC and the copy hold the losing value', async () => {
    const { w, a, o } = await settledWorld('bcWins');
    w.bc.remove(a.id);
    await w.sync('delta');
    const scope = await w.scope();
    const result = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'all',
      side: 'outlook',
    });
    expect(result.kind).toBe('recreatedInBc');
    const copy = w.mailbox.peek(o.id)!;
    expect(copy.jobTitle).toBe(OL_VALUE);
    expect(w.bc.peek(copy.bcId)?.jobTitle).toBe(OL_VALUE);
    expect(await w.store.listConflicts(scope)).toEqual([]);
  });

  test('keeping BC removes the copy the record showed (the winner is not an unseen edit)', async () => {
    const { w, a, o } = await settledWorld('bcWins');
    w.bc.remove(a.id);
    await w.sync('delta');
    const scope = await w.scope();
    await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'all',
      side: 'bc',
    });
    expect(w.mailbox.peek(o.id)).toBeUndefined();
    expect(await w.store.listConflicts(scope)).toEqual([]);
  });

  test('back in scope, the conflict is listed as settled again', async () => {
    for (const policy of ['bcWins', 'outlookWins'] as const) {
      const { w, a } = await settledWorld(policy);
      w.bc.edit(a.id, { city: 'Paris' });
      await w.sync('delta');
      w.bc.edit(a.id, { city: 'London' });
      await w.sync('delta');
      const [kept] = await w.store.listConflicts(await w.scope());
      expect(kept?.record).toMatchObject({
        kind: 'fields',
        fields: [{ field: 'jobTitle', base: BASE, bc: BC_VALUE, outlook: OL_VALUE }],
      });
    }
  });
});

// The Outlook side of the same kind: the user deletes the copy of a contact with a settled conflict.
// BC still holds the contact in scope, so the copy is re-created (rule deletions.recreate) from
// BC's values, which hold the winner; the record alone holds the losing value (under outlookWins a
// BC value, held nowhere else). It vanished with the deleted copy; it moves to the new copy.
describe('a settled conflict whose Outlook copy the user deletes moves to the re-created copy', () => {
  const CASES: [Policy, 'delta' | 'full'][] = [];
  for (const policy of ['bcWins', 'outlookWins'] as const)
    for (const mode of ['delta', 'full'] as const) CASES.push([policy, mode]);

  test.each(CASES)('%s, %s run: listed settled on the new copy, losing value kept', async (policy, mode) => {
    const { w, a, o } = await settledWorld(policy);
    w.mailbox.userDelete(o.id);
    const winner = policy === 'bcWins' ? BC_VALUE : OL_VALUE;
    // The second run checks the record is stable.
    for (const run of [mode, mode] as const) {
      w.later();
      expect((await w.sync(run)).record.status).toBe('succeeded');
      const copy = (await w.outlookByBcId(a.id))!;
      expect(copy.jobTitle).toBe(winner);
      expect(
        (await w.store.listConflicts(await w.scope())).map((c) => [c.bcId, c.outlookId, c.record]),
      ).toEqual([
        [
          a.id,
          copy.id,
          expect.objectContaining({
            kind: 'fields',
            fields: [
              {
                field: 'jobTitle',
                base: BASE,
                bc: BC_VALUE,
                outlook: OL_VALUE,
                winner: policy === 'bcWins' ? 'bc' : 'outlook',
              },
            ],
          }),
        ],
      ]);
    }
  });

  test('named example: outlookWins, the user deletes the copy; reverting to BC’s side still finds BC’s old value', async () => {
    const { w, a, o } = await settledWorld('outlookWins');
    w.mailbox.userDelete(o.id);
    w.later();
    await w.sync('delta');
    const scope = await w.scope();
    const result = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'all',
      side: 'bc',
    });
    expect(result.kind).not.toBe('notFound');
    const copy = (await w.outlookByBcId(a.id))!;
    expect({ bc: w.bc.peek(a.id)?.jobTitle, outlook: copy.jobTitle }).toEqual({
      bc: BC_VALUE,
      outlook: BC_VALUE,
    });
    expect(await w.store.listConflicts(scope)).toEqual([]);
  });
});
