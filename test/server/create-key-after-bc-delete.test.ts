import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { BcContacts } from '../../src/core/ports.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { senderDraft } from '../../src/server/sync/sender.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Review V1 (cc6b902): a create key whose contact was deleted in BC since makes a new contact under
// a fresh RANDOM id (insertChecked's `gone` branch). The new contact's id is then not derived from
// the key, so the same keyed create sent again (answer lost and resent, or the other host's create
// in the check-to-wire window) finds the tombstone again and makes one more contact each time.
// Realistic path: "This sender" adds s@x (key = the address), a BC user deletes the contact, the
// user adds the sender again; the add's answer is lost / the scheduler's add of the same sender
// stalled past the create turn lands: two BC contacts of one address.

let facade: Facade;
let seats = 0;

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  facade = await startFacade({ template });
});
afterAll(async () => {
  await facade.close();
});

type Host = 'pane' | 'scheduler';

async function seat() {
  const n = ++seats;
  const upn = `tomb${n}@contoso.com`;
  const company = (await insertCompany(facade.db, facade.clock, { name: `Tomb ${n}` })).id;
  await grantMembership(facade.db, devUserKey(upn), company, 'review');
  return { userId: devUserKey(upn), token: await facade.issuer.userToken(upn, 'facade'), companyId: company };
}

function adapter(host: Host, s: Awaited<ReturnType<typeof seat>>): BcContacts {
  if (host === 'scheduler') return new MemberStoreBcContacts(facade.db, facade.clock, s.companyId, s.userId);
  return new HttpBcContacts({
    baseUrl: 'http://facade.internal/api/v2.0',
    companyId: s.companyId,
    getToken: async () => s.token,
    sleep: async () => undefined,
    random: () => 0.5,
    fetch: injectFetch(facade.app) as typeof fetch,
  });
}

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
      const del = await injectFetch(facade.app)(
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
