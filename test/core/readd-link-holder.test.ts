/**
 * Brief readd, gaps 3 and 4: keeping Outlook's side of a contact BC deleted while a new BC contact
 * holds the copy's address links the copy to it (resolve.ts linkedToHolder).
 * 3. Only to a holder inside the sync's scope: one the user's filter leaves out, or privacy blocked,
 *    is refused `bcContactOutOfScope` with nothing written (linked, the next run synced a contact
 *    the user excluded); keeping BC's side still removes the copy.
 * 4. The link has no base: the next run merges the two as a first match. Over every sync field and
 *    each policy: a value only one side holds fills in; two values that differ are both kept, on
 *    their sides or in the conflict record: nothing the holder holds is overwritten unrecorded.
 */
import { describe, expect, test } from '@jest/globals';
import { bcToSyncFields, outlookToSyncFields } from '../../src/core/mapping.js';
import { SYNC_FIELDS, sameFieldValue } from '../../src/core/model.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { deletablePerson, person } from '../support/world.js';

const EDIT = 'Edited in Outlook';

/** Person 1's copy edited (job title, a business phone, no mobile), then BC deleted it: a deletedInBc conflict. */
async function deletedWithEditedCopy(policy: ConflictPolicy) {
  const { w, a, o } = await deletablePerson({}, { conflictPolicy: policy, filter: { city: 'London' } });
  w.later();
  w.mailbox.userEdit(o.id, { jobTitle: EDIT, businessPhones: ['+44 20 7946 0001'], mobilePhone: '' });
  w.bc.remove(a.id);
  await w.sync('full');
  const scope = await w.scope();
  expect((await w.store.listConflicts(scope)).map((c) => c.record.kind)).toEqual(['deletedInBc']);
  const resolve = (side: 'bc' | 'outlook') =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, { kind: 'all', side });
  return { w, a, o, scope, resolve };
}

const outOfScope = [
  ['left out by the filter', { city: 'Paris' }, 'excludedByFilter'],
  ['privacy blocked', { privacyBlocked: true }, 'privacyBlocked'],
] as const;

describe('gap 3: the holder the copy links to must be in the sync’s scope', () => {
  test.each(outOfScope)('a holder %s: refused, nothing written', async (_name, patch, reasonKind) => {
    const { w, a, o, scope, resolve } = await deletedWithEditedCopy('bcWins');
    const b = w.bc.seed(person(3, { email: a.email }));
    w.bc.edit(b.id, patch);
    await w.sync('delta');
    const before = {
      copy: (await w.mailbox.getMany(scope.folderId, [o.id]))[0],
      holder: (await w.bc.getMany([b.id]))[0],
      links: await w.store.listLinks(scope),
      conflicts: await w.store.listConflicts(scope),
    };
    await expect(resolve('outlook')).rejects.toMatchObject({
      failure: {
        kind: 'invalidForBc',
        reasons: [{ kind: 'bcContactOutOfScope', bcId: b.id, reasons: [{ kind: reasonKind }] }],
      },
    });
    expect({
      copy: (await w.mailbox.getMany(scope.folderId, [o.id]))[0],
      holder: (await w.bc.getMany([b.id]))[0],
      links: await w.store.listLinks(scope),
      conflicts: await w.store.listConflicts(scope),
    }).toEqual(before);
    // Keeping BC's side still ends the conflict: the copy goes, the excluded contact stays unsynced.
    expect((await resolve('bc')).kind).toBe('deletionAccepted');
    await w.sync('full');
    expect((await w.store.listLinks(scope)).map((l) => l.bcId)).not.toContain(b.id);
  });

  test('the same holder in scope is linked (the control)', async () => {
    const { w, a, resolve } = await deletedWithEditedCopy('bcWins');
    const b = w.bc.seed(person(3, { email: a.email }));
    await w.sync('delta');
    expect(await resolve('outlook')).toMatchObject({ kind: 'linkedInBc', bcId: b.id });
  });
});

const gap4 = (['bcWins', 'outlookWins', 'manual'] as const).flatMap((p) =>
  (['delta', 'full'] as const).map((m) => [p, m] as const),
);

describe('gap 4: the linked pair merges as a first match, nothing the holder holds overwritten unrecorded', () => {
  test.each(gap4)('policy %s, then %s runs', async (policy, mode) => {
    const { w, a, o, scope, resolve } = await deletedWithEditedCopy(policy);
    // The holder: another person of the address, with a job title and a mobile of its own.
    const b = w.bc.seed(
      person(3, { email: a.email, jobTitle: 'Made in BC', mobilePhoneNumber: '+44 7700 900123' }),
    );
    w.later();
    const bcBefore = bcToSyncFields((await w.bc.getMany([b.id]))[0]!);
    const olBefore = outlookToSyncFields((await w.mailbox.getMany(scope.folderId, [o.id]))[0]!);
    expect(await resolve('outlook')).toMatchObject({ kind: 'linkedInBc', bcId: b.id });
    await w.sync(mode);
    await w.sync(mode);
    const bcNow = bcToSyncFields((await w.bc.getMany([b.id]))[0]!);
    const olNow = outlookToSyncFields((await w.mailbox.getMany(scope.folderId, [o.id]))[0]!);
    const record = (await w.store.listConflicts(scope)).find((c) => c.bcId === b.id)?.record;
    const recorded = new Map((record?.fields ?? []).map((f) => [f.field, f]));
    for (const f of SYNC_FIELDS) {
      const [was, typed] = [bcBefore[f], olBefore[f]];
      const row = { field: f, bc: bcNow[f], outlook: olNow[f] };
      if (sameFieldValue(f, was, typed) || was === '' || typed === '') {
        // One value, or one side empty: it fills in on both (rule match.byEmail).
        const value = was === '' ? typed : was;
        expect({
          ...row,
          same: [sameFieldValue(f, row.bc, value), sameFieldValue(f, row.outlook, value)],
        }).toEqual({
          ...row,
          same: [true, true],
        });
        continue;
      }
      // Two values: both kept, each on its side or in the record (the policy decides which shows).
      const c = recorded.get(f);
      expect({ field: f, bc: c?.bc, outlook: c?.outlook }).toEqual({ field: f, bc: was, outlook: typed });
      const winner = policy === 'bcWins' ? was : policy === 'outlookWins' ? typed : null;
      expect(row).toEqual({ field: f, bc: winner ?? was, outlook: winner ?? typed });
    }
    // The named case: the holder's job title and mobile are not lost to the copy's.
    expect(recorded.get('jobTitle')).toMatchObject({ bc: 'Made in BC', outlook: EDIT });
    expect(bcNow.mobilePhoneNumber).toBe('+44 7700 900123');
  });
});
