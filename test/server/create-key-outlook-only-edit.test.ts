import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { normalizeEmail } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import type { BcContacts } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { outlookPerson } from '../support/world.js';

// Review V6 (cc6b902, core/create-keys.ts importKey): an import's create key is [Outlook id,
// changeKey] besides the values sent. The values are in the key anyway (create-key.ts hashes the
// body), so the changeKey only makes the key differ where the values do not: an edit in Outlook
// of a property BC has no field for (a photo, a birthday, notes — the user opened the contact and
// saved it) between the stalled host's read and the other host's read gives two keys for one
// import of the same values, and the check-to-wire window the keys close (trust list item 1) is
// open again: two BC contacts of one e-mail.

let facade: Facade;

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  facade = await startFacade({ template });
});
afterAll(async () => facade.close());

describe('an import stalled past the turn while Outlook moved only an Outlook-only property (V6)', () => {
  test('pane stalled before its create, the scheduler imports meanwhile: one BC contact', async () => {
    const upn = 'ckonly@contoso.com';
    const company = (await insertCompany(facade.db, facade.clock, { name: 'CK only' })).id;
    const userId = devUserKey(upn);
    await grantMembership(facade.db, userId, company, 'review');
    const token = await facade.issuer.userToken(upn, 'facade');
    const pane: BcContacts = new HttpBcContacts({
      baseUrl: 'http://facade.internal/api/v2.0',
      companyId: company,
      getToken: async () => token,
      sleep: async () => undefined,
      random: () => 0.5,
      fetch: injectFetch(facade.app) as typeof fetch,
    });
    const scheduler = new MemberStoreBcContacts(facade.db, facade.clock, company, userId);
    const mailbox = new MemoryMailbox();
    const store = new MemorySyncStateStore();
    const folder = await mailbox.ensureFolder('Business Central');
    const address = `ck.${randomUUID().slice(0, 8)}@fabrikam.com`;
    const o = mailbox.userCreate(folder.id, outlookPerson(900, { emailAddresses: [{ address, name: '' }] }));
    let runs = 0;
    const run = async (host: 'pane' | 'schedule', bc: BcContacts) => {
      facade.clock.advance(10 * 60_000);
      await runSync(
        { bc, mailbox, store, clock: facade.clock, logger: silentLogger },
        { runId: `${host}-${++runs}`, userId, mode: 'full', dryRun: false, trigger: host },
      ).catch(() => undefined);
    };
    let stalled = false;
    const paneStalled = new Proxy(pane, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (typeof v !== 'function') return v;
        const f = (v as (...a: unknown[]) => Promise<unknown>).bind(target);
        if (prop !== 'create') return f;
        return async (...a: unknown[]) => {
          if (!stalled) {
            stalled = true;
            // While the pane's create is on its way: the user adds a photo in Outlook (no BC
            // field), and the scheduler's run imports the contact.
            mailbox.userSetOutlookOnly(o.id, 'photo');
            await run('schedule', scheduler);
          }
          return f(...a);
        };
      },
    });
    await run('pane', paneStalled);
    const held = (await scheduler.findByEmails([address])).filter((c) => normalizeEmail(c.email) === address);
    expect(held).toHaveLength(1);
  });
});
