import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { deletedInBcConflict } from '../support/deleted-in-bc.js';
import { resolveFailureOf } from '../support/resolve-failure.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { bothSidesEdited } from '../support/both-sides-edited.js';
import { deletablePerson, syncedPerson } from '../support/world.js';

// F71 (issue 8 §3–4): a conflict is resolved on the values it showed. A value either side took
// since then was never shown to the user: the resolve writes nothing, says which fields, and the
// record shows the current values, so the user can look and choose again. Nothing is lost unseen.

type Side = 'bc' | 'outlook';
const SIDES: readonly Side[] = ['bc', 'outlook'];

/** A linked contact whose jobTitle and mobile phone changed on both sides, synced under `policy`. */
async function conflicted(policy: ConflictPolicy) {
  const { w, a, o, scope, resolve, stamps } = await bothSidesEdited(
    policy,
    { jobTitle: 'A-bc', mobilePhoneNumber: '+1 555 1111' },
    { jobTitle: 'B-ol', mobilePhone: '+1 555 2222' },
  );
  const record = async () => (await w.store.listConflicts(scope))[0]?.record;
  /** Changes jobTitle again on `side`, with no sync in between. */
  const changeAgain = (side: Side, value: string) =>
    side === 'bc' ? w.bc.edit(a.id, { jobTitle: value }) : w.mailbox.userEdit(o.id, { jobTitle: value });
  /** Both sides hold `value` as jobTitle. */
  const expectJobTitleOnBothSides = (value: string) => {
    expect(w.bc.peek(a.id)?.jobTitle).toBe(value);
    expect(w.mailbox.peek(o.id)?.jobTitle).toBe(value);
  };
  return { w, a, o, scope, resolve, record, stamps, changeAgain, expectJobTitleOnBothSides };
}

const failureOf = resolveFailureOf;

/** One test per conflict policy ("%s" in the title names it), each on a fresh `conflicted` contact. */
function testInEveryPolicy(
  title: string,
  body: (c: Awaited<ReturnType<typeof conflicted>>) => Promise<void>,
) {
  test.each(CONFLICT_POLICIES)(title, async (policy) => body(await conflicted(policy)));
}

const choices = (side: Side): readonly [string, ResolveChoice][] => [
  ['whole contact', { kind: 'all', side }],
  ['the field', { kind: 'fields', fields: { jobTitle: side } }],
];

describe('a value changed again since the conflict was shown is never overwritten unseen (F71)', () => {
  // Every policy × the side that changed again × the side chosen × whole contact or the field.
  const rows = CONFLICT_POLICIES.flatMap((policy) =>
    SIDES.flatMap((changed) =>
      SIDES.flatMap((chosen) =>
        choices(chosen).map(([how, choice]) => ({ policy, changed, chosen, how, choice })),
      ),
    ),
  );
  test.each(rows)(
    '$policy: jobTitle changed again on $changed, keep $chosen for $how → refused, nothing written, record shows it',
    async ({ policy, changed, choice }) => {
      const c = await conflicted(policy);
      c.changeAgain(changed, 'C-newer');
      const before = c.stamps();
      const f = await failureOf(c.resolve(choice));
      expect(f).toEqual({ kind: 'changedSinceShown', fields: ['jobTitle'] });
      expect(c.stamps()).toEqual(before);
      const job = (await c.record())?.fields.find((x) => x.field === 'jobTitle');
      if (policy === 'manual') {
        // Open: the record now shows each side's current value, the newer one included.
        expect(job?.[changed]).toBe('C-newer');
        const again = await c.resolve({ kind: 'fields', fields: { jobTitle: changed } });
        expect(again.kind).toBe('merged');
        c.expectJobTitleOnBothSides('C-newer');
      } else {
        // Settled: the field changed again, so the record no longer holds it (design §2 Conflicts);
        // the newer value is still where it was typed, and the next run carries it across.
        expect(job).toBeUndefined();
        await c.w.sync('delta');
        c.expectJobTitleOnBothSides('C-newer');
      }
    },
  );

  testInEveryPolicy(
    '%s: a field the choice does not decide may change: named first (F2), then the decided one is written as shown',
    async (c) => {
      c.w.bc.edit(c.a.id, { mobilePhoneNumber: '+1 555 9999' });
      const choice: ResolveChoice = { kind: 'fields', fields: { jobTitle: 'outlook' } };
      // An open mobile phone stays in conflict, unwritten. One the policy settled is on no card now
      // (it changed again): the choice would write it to Outlook unseen (resolve-since-shown.test.ts).
      const open = (await c.record())?.fields.some(
        (x) => x.field === 'mobilePhoneNumber' && x.winner === 'none',
      );
      if (!open)
        expect(await failureOf(c.resolve(choice))).toEqual({
          kind: 'changedSinceShown',
          fields: ['mobilePhoneNumber'],
        });
      await expect(c.resolve(choice)).resolves.toMatchObject({ kind: 'merged' });
      c.expectJobTitleOnBothSides('B-ol');
    },
  );

  testInEveryPolicy(
    '%s: a field that came into conflict after the record was made is not decided unseen by "keep … for the whole contact"',
    async (c) => {
      c.w.bc.edit(c.a.id, { companyName: 'BC Co later' });
      c.w.mailbox.userEdit(c.o.id, { companyName: 'OL Co later' });
      const before = c.stamps();
      const f = await failureOf(c.resolve({ kind: 'all', side: 'outlook' }));
      expect(f).toEqual({ kind: 'changedSinceShown', fields: ['companyName'] });
      expect(c.stamps()).toEqual(before);
      const company = (await c.record())?.fields.find((x) => x.field === 'companyName');
      expect(company).toMatchObject({ bc: 'BC Co later', outlook: 'OL Co later', winner: 'none' });
      // Shown now: the same choice stands and writes Outlook's value, which the user saw.
      expect((await c.resolve({ kind: 'all', side: 'outlook' })).kind).toBe('merged');
      expect(c.w.bc.peek(c.a.id)?.companyName).toBe('OL Co later');
    },
  );

  test('a case-only change of an e-mail is not a change (compared as the user reads it)', async () => {
    const { w, a, o } = await syncedPerson('manual', {});
    w.bc.edit(a.id, { email: 'x.bc@example.com' });
    w.mailbox.userEdit(o.id, { emailAddresses: [{ address: 'x.ol@example.com', name: '' }] });
    await w.sync('full');
    w.bc.edit(a.id, { email: 'X.BC@example.com' });
    const scope = await w.scope();
    const r = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'all',
      side: 'outlook',
    });
    expect(r.kind).toBe('merged');
  });

  test('the tester’s example: BC changed to C-bc-newer after the conflict; keeping Outlook is refused and C-bc-newer survives', async () => {
    const c = await conflicted('manual');
    c.w.bc.edit(c.a.id, { jobTitle: 'C-bc-newer' });
    const f = await failureOf(c.resolve({ kind: 'all', side: 'outlook' }));
    expect(f).toEqual({ kind: 'changedSinceShown', fields: ['jobTitle'] });
    expect(c.w.bc.peek(c.a.id)?.jobTitle).toBe('C-bc-newer');
    expect((await c.record())?.fields.find((x) => x.field === 'jobTitle')).toMatchObject({
      bc: 'C-bc-newer',
      outlook: 'B-ol',
    });
  });

  test('a run between the change and the resolve refreshes the record, so the resolve then stands', async () => {
    const c = await conflicted('manual');
    c.w.bc.edit(c.a.id, { jobTitle: 'C-bc-newer' });
    await c.w.sync('delta');
    const r = await c.resolve({ kind: 'all', side: 'outlook' });
    expect(r.kind).toBe('merged');
  });

  test('deleted in BC: removing the Outlook copy is refused when Outlook changed it again since it was shown', async () => {
    const { w, o, scope, resolve } = await deletedInBcConflict('Shown');
    w.mailbox.userEdit(o.id, { jobTitle: 'Typed later' });
    const f = await failureOf(resolve({ kind: 'all', side: 'bc' }));
    expect(f).toEqual({ kind: 'changedSinceShown', fields: ['jobTitle'] });
    expect(w.mailbox.peek(o.id)?.jobTitle).toBe('Typed later');
    const [entry] = await w.store.listConflicts(scope);
    expect(entry?.record.fields.find((x) => x.field === 'jobTitle')?.outlook).toBe('Typed later');
    const r = await resolve({ kind: 'all', side: 'bc' });
    expect(r.kind).toBe('deletionAccepted');
  });

  describe('deleted in BC, keep BC: values BC has no field for, changed since shown (F76)', () => {
    async function deletedWithNotes() {
      const { w, a, o } = await deletablePerson({}, { conflictPolicy: 'bcWins' });
      w.mailbox.userSetOutlookOnly(o.id, 'personalNotes');
      await w.sync('delta');
      w.bc.remove(a.id);
      await w.sync('delta');
      const scope = await w.scope();
      const [entry] = await w.store.listConflicts(scope);
      expect(entry?.record).toMatchObject({
        kind: 'deletedInBc',
        outlookOnly: { properties: ['personalNotes'] },
      });
      const keepBc = () =>
        resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
          kind: 'all',
          side: 'bc',
        });
      return { w, o, scope, keepBc };
    }

    test('the tester’s example: a birthday and a category added after the card was shown are not deleted', async () => {
      const { w, o, scope, keepBc } = await deletedWithNotes();
      w.mailbox.userSetOutlookOnly(o.id, 'birthday');
      w.mailbox.userSetOutlookOnly(o.id, 'categories');
      expect(await failureOf(keepBc())).toEqual({ kind: 'changedSinceShown', fields: [], outlookOnly: true });
      expect(w.mailbox.peek(o.id)?.outlookOnly).toEqual(expect.arrayContaining(['birthday', 'categories']));
      const [entry] = await w.store.listConflicts(scope);
      const shown = entry?.record.kind === 'deletedInBc' ? entry.record.outlookOnly?.properties : [];
      expect([...(shown ?? [])].sort()).toEqual(['birthday', 'categories', 'personalNotes']);
      // Shown now: the user's "Keep Business Central" stands.
      expect((await keepBc()).kind).toBe('deletionAccepted');
      expect(w.mailbox.peek(o.id)).toBeUndefined();
    });

    test('a changed note (same property, new text) is a change too', async () => {
      const { w, o, keepBc } = await deletedWithNotes();
      w.mailbox.userSetOutlookOnly(o.id, 'personalNotes');
      expect(await failureOf(keepBc())).toMatchObject({ kind: 'changedSinceShown', outlookOnly: true });
      expect(w.mailbox.peek(o.id)).toBeDefined();
    });

    test('a copy unchanged since shown is removed at once', async () => {
      const { w, o, keepBc } = await deletedWithNotes();
      expect((await keepBc()).kind).toBe('deletionAccepted');
      expect(w.mailbox.peek(o.id)).toBeUndefined();
    });

    test('a record stored before changeKeys were kept: a property added since still refuses', async () => {
      const { w, o, scope, keepBc } = await deletedWithNotes();
      const [entry] = await w.store.listConflicts(scope);
      if (entry?.record.kind !== 'deletedInBc') throw new Error('expected deletedInBc');
      const { outlookChangeKey: _stamp, ...old } = entry.record;
      await w.store.putConflicts(scope, [{ ...entry, record: old }], []);
      w.mailbox.userSetOutlookOnly(o.id, 'categories');
      expect(await failureOf(keepBc())).toMatchObject({ kind: 'changedSinceShown', outlookOnly: true });
    });
  });
});
