import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { World, outlookPerson, person } from '../support/world.js';

/*
 * Review (reviewer, this session) of 44b552f (soak F2): a BC create whose outcome is unknown stays
 * pending, and the next run looks for its contact. When BC holds no contact of the address the
 * create sent, recover-bc-creates.ts movedHolders takes an unlinked Person the run read whose
 * values "with Outlook's" give the sent digest, trying every choice of BC's or Outlook's value in up
 * to 4 differing fields. But the values sent were the Outlook contact's: while it is unchanged,
 * choosing Outlook's value in every differing field gives the digest for ANY BC contact that differs
 * from it in at most 4 fields — another person entered in BC with a name and an address. The create
 * that never reached BC (a timeout before BC took it, a crash after its pending entry) then links
 * the Outlook contact to that other person, and BC's values overwrite it: the person the user added
 * in Outlook is in neither side any more.
 */

/** A BC person entered by a BC user: a name, an address, the city the Outlook contact has too. */
const OTHER = {
  type: 'Person' as const,
  displayName: 'Bob Ray',
  firstName: 'Bob',
  surname: 'Ray',
  email: 'bob.ray@contoso.com',
  city: 'London',
};

describe('a BC create that never reached BC, pending, beside a new BC person', () => {
  test.each([
    ['differing in 4 fields (name parts, e-mail)', OTHER],
    [
      'differing in 3 fields (same first name)',
      { ...OTHER, displayName: 'Outlook Ray', firstName: 'Outlook' },
    ],
  ])('another person %s is not taken for its contact', async (_name, other) => {
    const w = new World();
    await w.settings({ massDeleteShare: 1 });
    w.bc.seed(person(9));
    expect((await w.sync('full')).record.status).toBe('succeeded');
    w.later();
    // Ann adds a contact in Outlook; its BC create goes out and BC never takes it (no answer).
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(1));
    w.bc.fault = (op) =>
      op === 'create' ? { kind: 'unknownOutcome', message: 'timed out before BC took it' } : null;
    expect((await w.sync('delta', { trigger: 'pane' })).record.status).not.toBe('succeeded');
    w.bc.fault = null;
    expect((await w.store.listPendingCreates(await w.scope())).length).toBe(1);
    expect(await w.bc.findByEmails(['outlook1@fabrikam.com'])).toEqual([]);
    // Meanwhile a BC user enters another person.
    w.later();
    w.bc.seed(other);
    const next = await w.sync('delta', { trigger: 'schedule' });
    expect(next.record.status).toBe('succeeded');
    const emails = (list: readonly { email: string }[]) => list.map((c) => normalizeEmail(c.email)).sort();
    const bc = (await w.bc.listAll()).filter((c) => c.email !== person(9).email);
    const outlook = (await w.outlook())
      .map((o) => ({ email: o.emailAddresses[0]?.address ?? '', name: o.displayName }))
      .filter((o) => normalizeEmail(o.email) !== normalizeEmail(person(9).email ?? ''));
    // Both people on both sides: Ann's contact made in BC, Bob's copied to Outlook.
    expect({ bc: emails(bc), outlook: emails(outlook) }).toEqual({
      bc: ['bob.ray@contoso.com', 'outlook1@fabrikam.com'],
      outlook: ['bob.ray@contoso.com', 'outlook1@fabrikam.com'],
    });
  });
});
