import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { World, outlookPerson, person } from '../support/world.js';

/*
 * Review RV14: a BC create whose outcome is unknown stays pending, and the next run looks for its
 * contact. When BC holds no contact of the address it sent, the values' rule (recover-bc-creates.ts
 * movedHolders) took a namesake a BC user entered (same name, another address) for the create,
 * linked it, and BC's address overwrote Outlook's: the person added in Outlook was on neither side.
 * Where the BC names a keyed create's contact from its key (the facade's store: the in-process
 * adapter tells the id ahead, BcContacts.createdIdOf), the pending entry keeps that id and the
 * contact is told by it. A BC naming contacts itself (a real tenant; the pane over HTTP, which
 * does not know the caller the facade names by) keeps the values' rule: its rows here are those
 * that rule gets right.
 */

const NAMESAKE = {
  type: 'Person' as const,
  displayName: 'Outlook 1',
  firstName: 'Outlook',
  surname: '1',
  email: 'o.one@other.com',
};
const OURS = 'outlook1@fabrikam.com';
const MOVED = 'ann.moved@contoso.com';

type Landed = 'landed' | 'never landed';
type InBc = 'address edited' | 'namesake' | 'namesake in Leeds' | 'address edited and namesake';

/** What each side holds after the next run: the addresses, less the seeded person's. */
async function sides(w: World) {
  const other = normalizeEmail(person(9).email ?? '');
  const bc = (await w.bc.listAll()).map((c) => normalizeEmail(c.email)).filter((e) => e !== other);
  const outlook = (await w.outlook())
    .map((o) => normalizeEmail(o.emailAddresses[0]?.address ?? ''))
    .filter((e) => e !== other);
  return { bc: bc.sort(), outlook: outlook.sort() };
}

async function run(namesByKey: boolean, landed: Landed, inBc: InBc) {
  const w = new World();
  w.bc.namesByKey = namesByKey;
  await w.settings({ massDeleteShare: 1 });
  w.bc.seed(person(9));
  expect((await w.sync('full')).record.status).toBe('succeeded');
  w.later();
  // Ann adds a contact in Outlook; its BC create goes out and its answer is lost (or BC never took it).
  w.mailbox.userCreate((await w.folder()).id, outlookPerson(1));
  w.bc.fault = (op) =>
    op !== 'create'
      ? null
      : landed === 'landed'
        ? 'lostResponse'
        : { kind: 'unknownOutcome', message: 'timed out before BC took it' };
  expect((await w.sync('delta', { trigger: 'pane' })).record.status).not.toBe('succeeded');
  w.bc.fault = null;
  const entries = await w.store.listPendingCreates(await w.scope());
  expect(entries.length).toBe(1);
  const made = await w.bc.findByEmails([OURS]);
  expect(made.length).toBe(landed === 'landed' ? 1 : 0);
  w.later();
  if (inBc.startsWith('address edited')) w.bc.edit(made[0]!.id, { email: MOVED });
  if (inBc.includes('namesake'))
    w.bc.seed(inBc === 'namesake in Leeds' ? { ...NAMESAKE, city: 'Leeds' } : NAMESAKE);
  expect((await w.sync('delta', { trigger: 'schedule' })).record.status).toBe('succeeded');
  return { w, made: made[0], entry: entries[0]! };
}

/** Each person once on each side: the create's contact (at its address in BC) and the namesake. */
function expected(landed: Landed, inBc: InBc): string[] {
  const ours = landed === 'landed' && inBc.startsWith('address edited') ? [MOVED] : [OURS];
  return [...ours, ...(inBc.includes('namesake') ? [NAMESAKE.email] : [])].sort();
}

const ROWS: [boolean, Landed, InBc][] = [
  // A BC naming keyed creates (the facade's store, in-process): every case.
  [true, 'landed', 'address edited'],
  [true, 'landed', 'namesake'],
  [true, 'landed', 'address edited and namesake'],
  [true, 'never landed', 'namesake'],
  [true, 'never landed', 'namesake in Leeds'],
  // A BC naming contacts itself: the values' rule, where it is right.
  [false, 'landed', 'address edited'],
  [false, 'landed', 'namesake'],
];

describe('a lost BC create told from a namesake by the id BC gave it (RV14)', () => {
  test.each(ROWS)('names by key %s, create %s, in BC: %s', async (namesByKey, landed, inBc) => {
    const { w, made } = await run(namesByKey, landed, inBc);
    const want = expected(landed, inBc);
    const got = await sides(w);
    // BC holds each person once; Outlook's copy of the create's contact may take BC's edited address.
    expect(got.bc).toEqual(want);
    expect(got.outlook.length).toBe(want.length);
    if (made) expect((await w.bc.getMany([made.id])).length).toBe(1);
    if (inBc.includes('namesake')) expect(got.outlook).toContain(NAMESAKE.email);
    if (landed === 'never landed') expect(got.outlook).toContain(OURS);
  });

  test('the pending entry keeps the id the create gave its contact, where the BC names it by key', async () => {
    const { entry, made } = await run(true, 'landed', 'namesake');
    expect(JSON.parse(entry) as { id?: string }).toMatchObject({ id: made!.id });
    const plain = await run(false, 'landed', 'namesake');
    expect(JSON.parse(plain.entry) as { id?: string }).not.toHaveProperty('id');
  });

  // The reviewer's rows (rv14-namesake-test.patch), named.
  test('a namesake differing in the address alone is not taken for a create that never reached BC', async () => {
    const { w } = await run(true, 'never landed', 'namesake');
    expect(await sides(w)).toEqual({
      bc: [NAMESAKE.email, OURS].sort(),
      outlook: [NAMESAKE.email, OURS].sort(),
    });
  });

  test('a namesake in another city too is not taken for a create that never reached BC', async () => {
    const { w } = await run(true, 'never landed', 'namesake in Leeds');
    expect(await sides(w)).toEqual({
      bc: [NAMESAKE.email, OURS].sort(),
      outlook: [NAMESAKE.email, OURS].sort(),
    });
  });
});
