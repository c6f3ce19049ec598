import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import { World, outlookPerson, person } from '../support/world.js';

// Brief reentry item 1: a copy the sync let go of (unlinked, still carrying its BC id) is linked
// again by that id once BC takes its contact in. A delta looked it up by e-mail only: a copy whose
// address the user changed or cleared was not read, so a second copy was made, or another contact
// of the contact's address was linked in its place. Every way a copy is let go × what the user did
// to its address × run kind.

type Way = 'privacyBlocked' | 'company' | 'leftScopeHoldingOwn';
type Email = 'unchanged' | 'changed' | 'cleared';
const WAYS: readonly Way[] = ['privacyBlocked', 'company', 'leftScopeHoldingOwn'];
const EMAILS: readonly Email[] = ['unchanged', 'changed', 'cleared'];
const MODES = ['delta', 'full'] as const;

const SECOND_PHONE = '+45 1234 5678';

/** BC edits that take the contact out of scope, and back in (a BC edit: a delta reports it). */
const OUT: Record<Way, Parameters<World['bc']['edit']>[1]> = {
  privacyBlocked: { privacyBlocked: true },
  company: { type: 'Company' },
  leftScopeHoldingOwn: { city: 'Paris' },
};
const BACK: Record<Way, Parameters<World['bc']['edit']>[1]> = {
  privacyBlocked: { privacyBlocked: false },
  company: { type: 'Person' },
  leftScopeHoldingOwn: { city: 'London' },
};
const RESULT: Record<Way, string> = {
  privacyBlocked: 'keptInOutlook',
  company: 'keptInOutlook',
  leftScopeHoldingOwn: 'recreatedInBc',
};

/** A synced contact whose copy the sync let go of `way` (Keep Outlook on its deletedInBc conflict). */
async function letGo(way: Way) {
  const w = new World();
  await w.settings({ massDeleteShare: 1, filter: { city: 'London' } });
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
  w.bc.seed(person(2));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  const phone = w.bc.peek(a.id)!.phoneNumber;
  // A value BC has no field for: kept, the copy stays the user's once it leaves scope.
  w.mailbox.userEdit(o.id, { jobTitle: 'Procurement Lead', businessPhones: [phone, SECOND_PHONE] });
  w.bc.edit(a.id, OUT[way]);
  w.later();
  await w.sync('delta');
  const scope = await w.scope();
  expect((await w.store.listConflicts(scope)).map((c) => c.record.kind)).toEqual(['deletedInBc']);
  const kept = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
    kind: 'all',
    side: 'outlook',
  });
  expect(kept.kind).toBe(RESULT[way]);
  expect(await w.store.findLinks(scope, { bcIds: [a.id], outlookIds: [o.id] })).toEqual([]);
  return { w, a, o };
}

/** Does `email` to the let-go copy, then a run of `mode` reads it while BC still holds the contact out. */
async function letGoThen(way: Way, email: Email, mode: 'delta' | 'full') {
  const { w, a, o } = await letGo(way);
  const address = w.bc.peek(a.id)!.email;
  let decoy: string | null = null;
  if (email === 'changed') {
    w.mailbox.userEdit(o.id, { emailAddresses: [{ address: 'moved@fabrikam.com', name: 'Moved' }] });
    // The user's other contact of the address the copy gave up: never the contact's copy.
    decoy = w.mailbox.userCreate(
      (await w.folder()).id,
      outlookPerson(9, {
        emailAddresses: [{ address, name: 'Decoy' }],
      }),
    ).id;
  }
  if (email === 'cleared') w.mailbox.userEdit(o.id, { emailAddresses: [] });
  w.later();
  await w.sync(mode);
  return { w, a, o, decoy };
}

const cases = WAYS.flatMap((way) =>
  EMAILS.flatMap((email) => MODES.map((mode) => [way, email, mode] as const)),
);

describe('a let-go copy is found again by its BC id (brief reentry item 1)', () => {
  test.each(cases)(
    '%s, address %s, %s: linked again to the same copy, no second copy',
    async (way, email, mode) => {
      const { w, a, o, decoy } = await letGoThen(way, email, mode);
      const before = (await w.outlook()).map((x) => x.id).sort();
      w.bc.edit(a.id, BACK[way]);
      w.later();
      const { record } = await w.sync(mode);
      expect(record.status).toBe('succeeded');
      const scope = await w.scope();
      // No second copy: the folder holds the same contacts.
      expect((await w.outlook()).map((x) => x.id).sort()).toEqual(before);
      const linked = await w.store.findLinks(scope, { bcIds: [a.id], outlookIds: decoy ? [decoy] : [] });
      expect(linked.map((l) => [l.bcId, l.outlookId])).toEqual([[a.id, o.id]]);
      expect((await w.outlook()).find((x) => x.id === o.id)?.businessPhones).toContain(SECOND_PHONE);
    },
  );

  test('named example: a kept-apart copy whose address the user changed, BC opens it, delta: no duplicate, no decoy linked', async () => {
    const { w, a, o, decoy } = await letGoThen('privacyBlocked', 'changed', 'delta');
    w.bc.edit(a.id, { privacyBlocked: false });
    w.later();
    await w.sync('delta');
    expect((await w.outlook()).filter((x) => x.bcId === a.id).map((x) => x.id)).toEqual([o.id]);
    const links = await w.store.findLinks(await w.scope(), { bcIds: [a.id], outlookIds: [decoy!] });
    expect(links.map((l) => l.outlookId)).toEqual([o.id]);
  });
});
