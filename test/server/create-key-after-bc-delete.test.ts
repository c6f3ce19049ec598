import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { senderDraft } from '../../src/server/sync/sender.js';
import { facadeSeats } from '../support/facade-seats.js';

// Review V1 (cc6b902): a create key whose contact was deleted in BC since makes a new contact under
// a fresh RANDOM id (insertChecked's `gone` branch). The new contact's id is then not derived from
// the key, so the same keyed create sent again (answer lost and resent, or the other host's create
// in the check-to-wire window) finds the tombstone again and makes one more contact each time.
// Realistic path: "This sender" adds s@x (key = the address), a BC user deletes the contact, the
// user adds the sender again; the add's answer is lost / the scheduler's add of the same sender
// stalled past the create turn lands: two BC contacts of one address.

const hosts = facadeSeats('tomb', 'Tomb', 'review');
const { seat, adapter } = hosts;

describe('a create key whose contact was deleted since (V1)', () => {
  test.each([
    ['scheduler', 'scheduler'],
    ['scheduler', 'pane'],
    ['pane', 'scheduler'],
  ] as const)(
    '"This sender" re-added after a BC delete, the same add made again by %s then %s: one live contact',
    async (first, second) => {
      const s = await seat();
      const email = `sender.${randomUUID().slice(0, 8)}@fabrikam.com`;
      const draft = senderDraft(email, 'A Sender');
      const [made] = await adapter('scheduler', s).create([draft]);
      expect(made?.ok).toBe(true);
      const id = made?.ok ? made.value.id : '';
      const del = await injectFetch(hosts.facade.app)(
        `http://facade.internal/api/v2.0/companies(${s.companyId})/contacts(${id})`,
        { method: 'DELETE', headers: { authorization: `Bearer ${s.token}`, 'if-match': '*' } },
      );
      expect(del.status).toBe(204);
      // The add again: its create lands (answer lost), and the same create goes out once more
      // (a resend, or the other host's add that looked up before the first landed).
      const [x] = await adapter(first, s).create([draft]);
      const [y] = await adapter(second, s).create([draft]);
      expect([x?.ok, y?.ok]).toEqual([true, true]);
      const live = (await adapter('scheduler', s).findByEmails([email])).filter(
        (c) => normalizeEmail(c.email) === email,
      );
      expect(live).toHaveLength(1);
    },
  );
});
