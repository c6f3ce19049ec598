import { describe, expect, test } from '@jest/globals';
import { conflictView } from '../../src/core/views.js';
import { World, person } from '../support/world.js';

// Fresh-eyes pass: a `deletedInBc` conflict whose contact left the sync's scope listed every BC
// value as '' — as if BC had deleted it — though BC still holds the contact. Design §2 Conflicts:
// a conflict is recorded with base, BC and Outlook values per field; BC's are shown when BC has
// them (out of scope) and none when it deleted the contact.

async function conflictAfter(cause: 'outOfScope' | 'bcDeleted') {
  const w = new World();
  await w.settings({ massDeleteShare: 1 });
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.mailbox.userEdit(o.id, { jobTitle: 'Head Buyer' });
  if (cause === 'bcDeleted') w.bc.remove(a.id);
  else w.bc.edit(a.id, { privacyBlocked: true, jobTitle: 'Chief Buyer' });
  await w.sync('delta');
  const [entry] = await w.store.listConflicts(await w.scope());
  return conflictView(entry!);
}

describe('a deletedInBc conflict shows BC values when BC still holds the contact', () => {
  test('the example: out of scope (privacy blocked) → BC column holds BC value, not empty', async () => {
    const view = await conflictAfter('outOfScope');
    expect(view.reason).toEqual({ kind: 'outOfScope', reasons: [{ kind: 'privacyBlocked' }] });
    expect(view.fields).toEqual([
      { field: 'jobTitle', base: 'Buyer', bc: 'Chief Buyer', outlook: 'Head Buyer', winner: 'none' },
    ]);
  });

  test.each([
    ['outOfScope', 'Chief Buyer'],
    ['bcDeleted', ''],
  ] as const)('%s: the BC value is %j', async (cause, bc) => {
    const view = await conflictAfter(cause);
    expect([view.kind, view.reason?.kind, view.fields.map((f) => f.bc)]).toEqual([
      'deletedInBc',
      cause,
      [bc],
    ]);
  });
});
