import { expect } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { CrashSeat } from './crash-hosts.js';
import { emailOf } from './crash-model.js';
import type { UncertainWorld } from './uncertain-world.js';
import { outlookPerson } from './world.js';

/** What the user does after the lost create: a BC title edit, an Outlook address change, a BC delete. */
export interface AfterLostCreate {
  readonly bcTitle: boolean;
  readonly outlookEmail: boolean;
  readonly bcDelete: boolean;
}

let seats = 9100;

/**
 * An Outlook contact (title `ol title`) whose BC create landed and whose answer was lost (the
 * pane's delta run died right after the POST); then `change` in BC, and but after a BC delete
 * a title edit in Outlook (`ol edit`), with the address changed when asked; then the scheduler's delta run. Both sides'
 * contacts after it as [address (`lost` or `moved`), title], and whether the BC contact the lost
 * create made is the one BC holds.
 */
export async function lostCreateThen(
  world: UncertainWorld,
  change: AfterLostCreate,
): Promise<{ bc: string[][]; outlook: string[][]; bcIdKept: boolean }> {
  const seat = await CrashSeat.open(world, ++seats);
  const folder = await seat.folder();
  expect((await seat.run('schedule', 'full', null, null).done)?.record.status).toBe('succeeded');
  const email = `lost.create${seat.n}@fabrikam.com`;
  const moved = `moved.lost${seat.n}@fabrikam.com`;
  const draft = outlookPerson(401, { jobTitle: 'ol title', emailAddresses: [{ address: email, name: '' }] });
  expect((await seat.mailboxDirect.create(folder.id, [draft]))[0]?.ok).toBe(true);
  const onCreate = `POST http://facade.internal/api/v2.0/companies(${seat.companyId})/contacts`;
  const died = seat.run('pane', 'delta', null, { at: 0, how: 'die', after: true, on: onCreate });
  expect(await died.done).toBeNull();
  const made = (await seat.bcAll()).filter((c) => normalizeEmail(c.email) === email);
  expect(made.map((c) => c.jobTitle)).toEqual(['ol title']);
  const b = made[0]!;
  if (change.bcTitle) {
    const [r] = await seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: 'bc title' } }]);
    expect(r?.ok).toBe(true);
  }
  if (change.bcDelete) expect(await seat.bcDelete(b.id, b.etag)).toBe(true);
  // After a BC delete the Outlook contact stays as it was: the import sent again is the same
  // create (its key: the Outlook id and the values), meeting the deleted contact's tombstone.
  if (!change.bcDelete) {
    const o = (await seat.outlookAll()).find((c) => emailOf(c) === email)!;
    const address = change.outlookEmail ? { emailAddresses: [{ address: moved, name: '' }] } : {};
    const patch = { displayName: o.displayName, jobTitle: 'ol edit', ...address };
    const [s] = await seat.mailboxDirect.update(folder.id, [{ id: o.id, changeKey: o.changeKey, patch }]);
    expect(s?.ok).toBe(true);
  }
  const next = await seat.run('schedule', 'delta', null, null).done;
  expect({ status: next?.record.status, errors: next?.record.errors }).toEqual({
    status: 'succeeded',
    errors: [],
  });
  const named = (e: string) => (e === email ? 'lost' : e === moved ? 'moved' : e);
  const bc = await seat.bcAll();
  return {
    bc: bc.map((c) => [named(normalizeEmail(c.email)), c.jobTitle]).sort(),
    outlook: (await seat.outlookAll()).map((c) => [named(emailOf(c)), c.jobTitle ?? '']).sort(),
    bcIdKept: bc.some((c) => c.id === b.id),
  };
}
