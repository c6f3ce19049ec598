import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { BcContacts } from '../../src/core/ports.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { importDraft } from '../../src/core/create-keys.js';
import { heldPorts } from '../../src/core/lease-keeper.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { emptySyncFields } from '../../src/core/model.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Review RV14: the id the in-process adapter tells ahead for a keyed create (createdIdOf, kept in
// the create's pending entry) must be the id the contact gets, whichever host makes it: the next
// run tells the create's contact from a namesake by it. Made over HTTP by the pane (the same user,
// the same import key, so the same Idempotency-Key) or in-process by the scheduler.

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
  const upn = `ahead${n}@contoso.com`;
  const company = (await insertCompany(facade.db, facade.clock, { name: `Ahead ${n}` })).id;
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

describe('the id a keyed create gets, told ahead in-process (RV14)', () => {
  test.each(['scheduler', 'pane'] as const)('made by the %s: the id told ahead', async (host) => {
    const s = await seat();
    const email = `import.${randomUUID().slice(0, 8)}@fabrikam.com`;
    const draft = importDraft({
      outlookId: `AAMk-${randomUUID()}`,
      fields: { ...emptySyncFields(), displayName: 'Ann Lee', firstName: 'Ann', surname: 'Lee', email },
    });
    const ahead = adapter('scheduler', s).createdIdOf!(draft);
    expect(ahead).toMatch(/^[0-9a-f-]{36}$/);
    const [made] = await adapter(host, s).create([draft]);
    expect(made?.ok && made.value.id.toLowerCase()).toBe(ahead);
  });

  test("a run's held ports (heldPorts: the lease checked before writes) still tell it", async () => {
    const s = await seat();
    const draft = importDraft({
      outlookId: `AAMk-${randomUUID()}`,
      fields: { ...emptySyncFields(), displayName: 'Cy', email: `cy.${randomUUID().slice(0, 8)}@x.com` },
    });
    const bc = adapter('scheduler', s);
    const held = heldPorts({ bc, mailbox: new MemoryMailbox() }, async () => undefined);
    expect(held.bc.createdIdOf!(draft)).toBe(bc.createdIdOf!(draft));
    expect(held.bc.createdIdOf!(draft)).not.toBeNull();
  });

  test('a draft without a create key: no id ahead (BC numbers it)', async () => {
    const s = await seat();
    const fields = { ...emptySyncFields(), displayName: 'Bo', email: 'bo@fabrikam.com' };
    expect(adapter('scheduler', s).createdIdOf!({ ...fields, type: 'Person' })).toBeNull();
  });

  test('the pane over HTTP does not tell it (the caller the facade names by is not known there)', () => {
    expect(adapter('pane', { userId: 'u', token: 't', companyId: 'c' }).createdIdOf).toBeUndefined();
  });
});
