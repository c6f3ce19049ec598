import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { conflictView } from '../../src/core/views.js';
import { resolveFailureOf } from '../support/resolve-failure.js';
import { bothSidesEdited } from '../support/both-sides-edited.js';

// Attack F2: a choice on a field record wrote, beside the fields it decides, the edits one side
// made after the conflict was shown to fields not on the card (merged as a sync merges them). Now
// nothing the user did not see is written: the first choice is refused, the record names those
// changes (`sinceShown`, which the card words), and the same choice then writes them as named.

type Side = 'bc' | 'outlook';
const SIDES: readonly Side[] = ['bc', 'outlook'];

/** A linked contact whose jobTitle changed on both sides, synced under `policy`. */
async function conflicted(policy: ConflictPolicy) {
  const { w, a, o, scope, resolve, stamps } = await bothSidesEdited(
    policy,
    { jobTitle: 'A-bc' },
    { jobTitle: 'B-ol' },
  );
  const entry = async () => (await w.store.listConflicts(scope))[0];
  /** `side` changes the mobile phone (on no card), with no sync in between. */
  const editSince = (side: Side, value: string) =>
    side === 'bc'
      ? w.bc.edit(a.id, { mobilePhoneNumber: value })
      : w.mailbox.userEdit(o.id, { mobilePhone: value });
  const mobiles = () => [w.bc.peek(a.id)?.mobilePhoneNumber, w.mailbox.peek(o.id)?.mobilePhone];
  return { resolve, entry, stamps, editSince, mobiles };
}

const choices = (side: Side): readonly [string, ResolveChoice][] => [
  ['whole contact', { kind: 'all', side }],
  ['the field', { kind: 'fields', fields: { jobTitle: side } }],
];

describe('a choice writes no change the conflict did not show (attack F2)', () => {
  test('example: Keep Outlook after the city… the mobile phone was changed in Outlook: refused, named, then written', async () => {
    const c = await conflicted('manual');
    c.editSince('outlook', '+1 555 7777');
    const before = c.stamps();
    expect(await resolveFailureOf(c.resolve({ kind: 'all', side: 'outlook' }))).toEqual({
      kind: 'changedSinceShown',
      fields: ['mobilePhoneNumber'],
    });
    expect(c.stamps()).toEqual(before);
    const shown = await c.entry();
    expect(conflictView(shown!).sinceShown).toEqual([
      { field: 'mobilePhoneNumber', from: 'outlook', value: '+1 555 7777' },
    ]);
    expect((await c.resolve({ kind: 'all', side: 'outlook' })).kind).toBe('merged');
    expect(c.mobiles()).toEqual(['+1 555 7777', '+1 555 7777']);
  });

  // Every policy × the side that changed a field on no card × the side chosen × whole contact or field.
  const rows = CONFLICT_POLICIES.flatMap((policy) =>
    SIDES.flatMap((from) =>
      SIDES.flatMap((chosen) => choices(chosen).map(([how, choice]) => ({ policy, from, how, choice }))),
    ),
  );
  test.each(rows)(
    '$policy: mobile phone changed on $from since, keep for $how → refused, named; changed again → refused again; then written',
    async ({ policy, from, choice }) => {
      const c = await conflicted(policy);
      c.editSince(from, '+1 555 1000');
      const before = c.stamps();
      const f = await resolveFailureOf(c.resolve(choice));
      expect(f).toEqual({ kind: 'changedSinceShown', fields: ['mobilePhoneNumber'] });
      expect(c.stamps()).toEqual(before);
      const named = (await c.entry())?.record;
      expect(named?.kind === 'fields' && named.sinceShown).toEqual([
        { field: 'mobilePhoneNumber', from, value: '+1 555 1000' },
      ]);
      // Named with a value it no longer holds: not seen as it is.
      c.editSince(from, '+1 555 2000');
      const edited = c.stamps();
      expect(await resolveFailureOf(c.resolve(choice))).toEqual(f);
      expect(c.stamps()).toEqual(edited);
      const result = await c.resolve(choice);
      expect(result.kind).toBe('merged');
      expect(c.mobiles()).toEqual(['+1 555 2000', '+1 555 2000']);
      // A record left (another field waits) names nothing written already.
      const left = (await c.entry())?.record;
      expect(left === undefined || (left.kind === 'fields' && left.sinceShown === undefined)).toBe(true);
    },
  );

  test.each(CONFLICT_POLICIES)(
    '%s: nothing changed since: the choice goes through at once',
    async (policy) => {
      const c = await conflicted(policy);
      expect((await c.resolve({ kind: 'all', side: 'bc' })).kind).toBe('merged');
    },
  );
});
