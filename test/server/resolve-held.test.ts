import { beforeAll, describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// A conflict's resolution writes BC and Outlook under the folder's lease (conflicts.ts), which it
// took once and never renewed: its store writes are fenced, its BC and Graph writes had no check.
// A resolve whose reads took past the lease's TTL (a slow BC, a paused process) while a run took
// the folder went on to write both sides under that run (the store then refused its own records,
// 409 LeaseLost, after BC and Outlook were written). Each write now goes out only once the lease is
// known held (lease-keeper.ts heldPorts with the choice's keeper): it is renewed past half its TTL,
// and a lease another host holds stops the resolve before any write.

const h = useSyncHarness();
const user = userOf('held-resolve@contoso.com');
const FOLDER = 'Held';
const ids: string[] = [];

beforeAll(async () => {
  await putManualFolder(h, user, FOLDER, 'Oulu');
  for (let n = 1; n <= 5; n++) ids.push(h.bc.seed(person(n, { city: 'Oulu' })).id);
  expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
  ids.forEach((id, n) => {
    const copy = outlookIn(h, user, FOLDER).find((c) => c.bcId === id)!;
    h.mailbox(user).userEdit(copy.id, { jobTitle: `OL title ${n}` });
    // Persons 1-3 conflict field by field; 4 and 5 are deleted in BC while their copy changed.
    if (n < 3) h.bc.edit(id, { jobTitle: `BC title ${n}` });
    else h.bc.remove(id);
  });
  expect((await runToEnd(h, user, { mode: 'full' })).conflicts).toBe(5);
});

/** Every contact of both sides, as the test compares them before and after. */
async function sides() {
  return { bc: await h.bc.listAll(), outlook: outlookIn(h, user, FOLDER) };
}

/** The write each resolve makes first (resolve.ts), after reading the Outlook copy. */
const WRITES = [
  ['a field choice of Outlook: BC update', 0, { side: 'outlook' }],
  ['a field choice of BC: Outlook update', 1, { side: 'bc' }],
  ['a choice field by field: both sides', 2, { fields: { jobTitle: 'outlook' } }],
  ['a deletion accepted: Outlook delete', 3, { side: 'bc' }],
  ['a deleted contact kept: BC create, then the BC id stamped on Outlook', 4, { side: 'outlook' }],
] as const;

describe('a conflict resolution writes nothing once another host took the folder', () => {
  test.each(WRITES)('%s', async (_name, n, choice) => {
    const key = leaseKeyOf(user, FOLDER);
    const mailbox = h.mailbox(user);
    const read = mailbox.getMany.bind(mailbox);
    // The resolve's read of the Outlook copy answers after the lease's TTL, a run having taken the folder.
    let stalled = 0;
    mailbox.getMany = async (...args) => {
      const out = await read(...args);
      mailbox.getMany = read;
      stalled++;
      h.clock.advance(LEASE_TTL_MS + 1);
      expect((await h.store.acquireLease(key, 'run-rival', h.clock.now(), LEASE_TTL_MS)).ok).toBe(true);
      return out;
    };
    const before = await sides();
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${ids[n]}/resolve`, choice);
    mailbox.getMany = read;
    await h.store.releaseLease(key, 'run-rival');
    expect({ stalled, status: r.status, code: r.body.error?.code }).toEqual({
      stalled: 1,
      status: 409,
      code: 'LeaseLost',
    });
    expect(await sides()).toEqual(before);
  });

  test('a resolve that took longer than half the TTL, the lease still its own: renewed, then written', async () => {
    const mailbox = h.mailbox(user);
    const read = mailbox.getMany.bind(mailbox);
    mailbox.getMany = async (...args) => {
      const out = await read(...args);
      mailbox.getMany = read;
      h.clock.advance(LEASE_TTL_MS / 2 + 1);
      return out;
    };
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${ids[0]}/resolve`, { side: 'outlook' });
    mailbox.getMany = read;
    expect(r.status).toBe(200);
    expect((await h.bc.listAll()).find((c) => c.id === ids[0])?.jobTitle).toBe('OL title 0');
  });
});
