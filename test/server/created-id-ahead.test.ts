import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { importDraft } from '../../src/core/create-keys.js';
import { heldPorts } from '../../src/core/lease-keeper.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { emptySyncFields } from '../../src/core/model.js';
import { facadeSeats } from '../support/facade-seats.js';

// Review RV14: the id the in-process adapter tells ahead for a keyed create (createdIdOf, kept in
// the create's pending entry) must be the id the contact gets, whichever host makes it: the next
// run tells the create's contact from a namesake by it. Made over HTTP by the pane (the same user,
// the same import key, so the same Idempotency-Key) or in-process by the scheduler.

const hosts = facadeSeats('ahead', 'Ahead', 'review');
const { seat, adapter } = hosts;

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
