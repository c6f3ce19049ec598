import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import type { BcContacts } from '../../src/core/ports.js';
import { senderAddKeys } from '../../src/server/sync/sender.js';
import { ANN, BOB, call, Gate, useSyncHarness } from './sync-harness.js';

// Issue 10 (found by the attacker): the sender add's in-flight key was `sender-add:<email>`, so two
// users adding one address shared one promise — a user of another company got the first user's
// contact. Keys now carry user and company.

describe('senderAddKeys', () => {
  test('property: answers are shared only by one user of one company and one address; turns by company and address', () => {
    const part = fc.constantFrom('ann', 'bob', 'a|b', '-', '');
    const company = fc.option(fc.constantFrom('c1', 'c2', '-', 'c1|x'), { nil: undefined });
    const email = fc.constantFrom('eve@contoso.com', 'EVE@contoso.com', 'bo@x.fi', 'x|@y');
    fc.assert(
      fc.property(part, company, email, part, company, email, (u1, c1, e1, u2, c2, e2) => {
        const a = senderAddKeys(u1, c1, e1);
        const b = senderAddKeys(u2, c2, e2);
        const sameAddress = e1.toLowerCase() === e2.toLowerCase();
        const sameCompany = (c1 ?? null) === (c2 ?? null);
        expect(a.orderKey === b.orderKey).toBe(sameCompany && sameAddress);
        if (a.joinKey === b.joinKey) expect([u1, c1, e1.toLowerCase()]).toEqual([u2, c2, e2.toLowerCase()]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('two users add one address at once', () => {
  const h = useSyncHarness();
  let annsBc: MemoryBcContacts;
  let bobsBc: MemoryBcContacts;
  beforeAll(async () => {
    annsBc = new MemoryBcContacts(h.clock, 'company-ann');
    bobsBc = new MemoryBcContacts(h.clock, 'company-bob');
    h.env.bcContacts = async (userId: string): Promise<BcContacts> => (userId === BOB ? bobsBc : annsBc);
  });

  test('the attacker example: Bob (another company) adding while Ann’s add is in flight gets a contact of his own company', async () => {
    const gate = new Gate();
    const lookUp = annsBc.findByEmails.bind(annsBc);
    const entered = new Promise<void>((resolve) => {
      annsBc.findByEmails = async (emails) => {
        resolve();
        await gate.promise;
        return lookUp(emails);
      };
    });
    const ann = call(h, ANN, 'POST', '/sync/v1/sender', { email: 'eve@contoso.com' });
    await entered;
    // Ann's add is in flight. Bob's is his own (before the fix it joined Ann's and waited for it).
    const bob = await call(h, BOB, 'POST', '/sync/v1/sender', { email: 'EVE@contoso.com' });
    gate.open();
    const annAnswer = await ann;
    expect([annAnswer.status, bob.status]).toEqual([201, 201]);
    expect((await bobsBc.listAll()).map((c) => c.id)).toEqual([bob.body.contact.id]);
    expect((await annsBc.listAll()).map((c) => c.id)).toEqual([annAnswer.body.contact.id]);
  });
});

describe('the add says what BC holds', () => {
  const h = useSyncHarness();

  test('an 87-character e-mail (tester F13: was 502 BcWriteFailed) → 400 naming the field and 80', async () => {
    const email = `${'a'.repeat(75)}@contoso.com`;
    const r = await call(h, ANN, 'POST', '/sync/v1/sender', { email });
    expect([r.status, r.body.error.message]).toEqual([400, expect.stringMatching(/email.*80/)]);
    expect(await h.bc.listAll()).toEqual([]);
  });
});
