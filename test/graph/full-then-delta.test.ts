import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { bcToSyncFields, outlookToSyncFields } from '../../src/core/mapping.js';
import { sameSyncFields } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { outlookPerson, person } from '../support/world.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { recordedSync } from '../support/recorded-sync.js';

// Issue 12 §2 over Graph (the emulator on loopback), design §2 "nothing lost": a first full sync
// moves its delta link past its own writes (one round at 200 a page, linkPastOwnWrites), so the run
// after it does not page through them; a change the user makes while the run writes keeps the link
// where it was, and reaches BC. First full → edits on both sides → full → delta, both sides compared.

const USER = { oid: '5b0c6f1e-2222-4000-8000-00000000ec41', upn: 'fulldelta@contoso.test' };
/** Over a delta page of writes (ECHO_PAGE), and over one list page of 1,000 (the list's lanes). */
const N = 1050;

let app: FastifyInstance;
let mailbox: GraphMailbox;
/** The user's own client of the same mailbox (requests not counted, limits of its own). */
let user: GraphMailbox;
const world = recordedSync(USER.upn);
const { bc } = world;

beforeAll(async () => {
  let origin = '';
  let token: () => Promise<string>;
  ({ app, mailbox, origin, token } = await emulatedGraph(USER, world.fetch));
  user = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: token,
    sleep: async () => undefined,
  });
});
afterAll(async () => {
  await app.close();
});

const sync = (mode: SyncMode) => world.sync(mailbox, mode);

const folderId = async () => (await user.ensureFolder('Business Central')).id;
const byEmail = async (email: string) => (await user.findByEmails(await folderId(), [email]))[0]!;

/** Both sides hold the same contacts: one Outlook contact per BC contact, by BC id, equal in every synced field. */
async function expectSidesAgree(): Promise<void> {
  const outlook = await user.listContacts(await folderId());
  const all = await bc.listAll();
  expect(outlook).toHaveLength(all.length);
  const byBcId = new Map(outlook.map((o) => [o.bcId, o]));
  expect(byBcId.size).toBe(outlook.length);
  const differing = all.filter((c) => {
    const o = byBcId.get(c.id);
    return !o || !sameSyncFields(bcToSyncFields(c), outlookToSyncFields(o));
  });
  expect(differing.map((c) => c.email)).toEqual([]);
}

describe('first full, edits on both sides, full, delta: nothing lost (issue 12 §2, design §2)', () => {
  test('a first full sync moves its link past its own writes: the next delta costs one request', async () => {
    // No page of the folder it makes (empty), then the folder's first round over its own N creates.
    await world.firstFullSync(mailbox, N);
    const idle = await sync('delta');
    expect([idle.requests, idle.deltaPages.length, idle.readsById.length]).toEqual([1, 1, 0]);
    await expectSidesAgree();
  });

  test('edits on both sides reach the other side by a full sync, and the delta after it finds nothing left', async () => {
    const fid = await folderId();
    // BC: an edit, a new contact, a removal.
    const all = await bc.listAll();
    bc.edit(all.find((c) => c.email === 'person3@contoso.com')!.id, { city: 'Leeds' });
    bc.seed(person(N + 1));
    bc.remove(all.find((c) => c.email === 'person5@contoso.com')!.id);
    // Outlook: an edit, a new contact, a removal (its BC contact is still there: created again).
    const seven = await byEmail('person7@contoso.com');
    const [edited] = await user.update(fid, [
      {
        id: seven.id,
        changeKey: seven.changeKey,
        patch: { displayName: seven.displayName, jobTitle: 'Buyer' },
      },
    ]);
    expect(edited?.ok).toBe(true);
    expect((await user.create(fid, [outlookPerson(1)]))[0]?.ok).toBe(true);
    const nine = await byEmail('person9@contoso.com');
    expect((await user.delete(fid, [{ id: nine.id, changeKey: nine.changeKey }]))[0]?.ok).toBe(true);

    const full = await sync('full');
    const { outlook: o, bc: b } = full.record.counts;
    expect([o.created, o.updated, o.deleted, b.created, b.updated]).toEqual([2, 1, 1, 1, 1]);
    expect(bc.peek(all.find((c) => c.email === 'person7@contoso.com')!.id)?.jobTitle).toBe('Buyer');
    await expectSidesAgree();
    const after = await sync('delta');
    const w = after.record.counts;
    expect([w.outlook.created, w.outlook.updated, w.outlook.deleted, w.bc.created, w.bc.updated]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    await expectSidesAgree();
  });

  test('a contact the user edits in Outlook while a run writes 200 or more keeps the link where it was, and the next delta brings it to BC', async () => {
    const fid = await folderId();
    const target = await byEmail('person11@contoso.com');
    // BC changes 300 contacts (a job title): the run writes 300 updates to Outlook.
    const all = await bc.listAll();
    const changed = all.filter((c) => /^person(1\d\d|2\d\d|3\d\d)@/.test(c.email)).slice(0, 300);
    expect(changed).toHaveLength(300);
    for (const c of changed) bc.edit(c.id, { jobTitle: 'Renamed' });
    // While those go out, the user gives contact 11 a new job title in Outlook.
    let acted = false;
    world.hooks.beforeBatch = async (these) => {
      if (acted || !these.some((i) => i.startsWith('PATCH '))) return;
      acted = true;
      const now = (await user.getMany(fid, [target.id]))[0]!;
      const [r] = await user.update(fid, [
        {
          id: target.id,
          changeKey: now.changeKey,
          patch: { displayName: now.displayName, jobTitle: 'Owner' },
        },
      ]);
      expect(r?.ok).toBe(true);
    };
    try {
      const during = await sync('delta');
      expect(during.record.counts.outlook.updated).toBe(300);
      expect(acted).toBe(true);
    } finally {
      world.hooks.beforeBatch = null;
    }
    const bcTarget = all.find((c) => c.email === 'person11@contoso.com')!;
    expect(bc.peek(bcTarget.id)?.jobTitle).not.toBe('Owner');
    // The link stayed before the run's writes: the next delta reads them (echoes, none by id) and the user's edit.
    const next = await sync('delta');
    expect(next.deltaPages).toHaveLength(2);
    expect(next.readsById).toHaveLength(1);
    expect(next.record.counts.bc.updated).toBe(1);
    expect(bc.peek(bcTarget.id)?.jobTitle).toBe('Owner');
    await expectSidesAgree();
    const idle = await sync('delta');
    expect([idle.requests, idle.readsById.length]).toEqual([1, 0]);
  });
});
