import { beforeAll, describe, expect, test } from '@jest/globals';
import { emptySyncFields } from '../../src/core/model.js';
import { person } from '../support/world.js';
import { ANN, BOB, call, ended, useSyncHarness } from './sync-harness.js';

// Issue 10 §2: "cross-user probes must not even confirm that another user's ids exist", for the
// folder ids of the state routes. Sync state is keyed by (user from the token, folderId), so Bob
// naming Ann's sync folder reaches only his own (empty) state under that id: every scoped state
// route answers him exactly as for a folder id nobody has, and his writes leave Ann's state as it
// was. (Decision: the facade does not require the folder to exist in the caller's mailbox: in
// upstream mode that is a Graph call per state request, and a first run reads its state before
// any record names its folder; README "Sync state".)

const h = useSyncHarness();
let annFolder = '';
const NOBODYS = 'AAMkFolderIdNobodyHas000';

beforeAll(async () => {
  h.bc.seed(person(1));
  h.bc.seed(person(2, { email: '' }));
  h.clock.advance(60_000);
  await ended(h, ANN, (await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).body.run.id);
  annFolder = h.mailbox(ANN).folderByName('Business Central')!.id;
  await h.store.addPendingCreates({ userId: ANN, folderId: annFolder }, ['ann-pending']);
});

const link = {
  bcId: 'bc-9',
  outlookId: 'ol-9',
  base: emptySyncFields(),
  bcEtag: 'W/"9"',
  outlookChangeKey: 'ck',
};
/** Every route that takes a folder id, with a valid request body. */
const scoped: Array<[method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown]> = [
  ['GET', '/sync/v1/state/cursor'],
  ['GET', '/sync/v1/state/links'],
  ['GET', '/sync/v1/state/links/count'],
  ['POST', '/sync/v1/state/links/find', { bcIds: ['bc-9'], outlookIds: ['ol-9'] }],
  ['GET', '/sync/v1/state/pending-creates'],
  ['GET', '/sync/v1/state/conflicts'],
  ['GET', '/sync/v1/state/skipped'],
  ['PUT', '/sync/v1/state/cursor', { bcDeltaLink: null, deltaLink: 'x', filterKey: 'k' }],
  ['POST', '/sync/v1/state/links', { links: [link] }],
  ['POST', '/sync/v1/state/links/delete', { bcIds: ['bc-9'] }],
  ['POST', '/sync/v1/state/pending-creates', { bcIds: ['bob-pending'] }],
  ['POST', '/sync/v1/state/pending-creates/clear', { bcIds: ['ann-pending'] }],
  ['POST', '/sync/v1/state/conflicts', { upserts: [], remove: [] }],
  ['POST', '/sync/v1/state/skipped', { entries: [], replace: true }],
];

describe("another user's folder id answers as a folder id nobody has", () => {
  test('the table covers every route that takes a folderId', () => {
    const routes = h.routes
      .filter((r) => r.url.startsWith('/sync/v1/state/') && !/settings|lease|runs/.test(r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(scoped.map(([m, p]) => `${m} ${p}`).sort()).toEqual([...new Set(routes)].sort());
  });

  test("Bob, every scoped route, reads then writes: Ann's folder id = nobody's id; Ann's state unchanged", async () => {
    const ann = { userId: ANN, folderId: annFolder };
    const before = {
      cursor: await h.store.getCursor(ann),
      links: await h.store.listLinks(ann),
      pending: await h.store.listPendingCreates(ann),
      conflicts: await h.store.listConflicts(ann),
      skipped: await h.store.listSkipped(ann),
    };
    expect(before.links.length).toBeGreaterThan(0);
    expect(before.cursor).not.toBeNull();
    const q = (folderId: string) =>
      `userId=${encodeURIComponent(BOB)}&folderId=${encodeURIComponent(folderId)}`;
    for (const [method, path, body] of scoped) {
      const probe = await call(h, BOB, method, `${path}?${q(annFolder)}`, body);
      const fresh = await call(h, BOB, method, `${path}?${q(NOBODYS)}`, body);
      const row = `${method} ${path}`;
      expect([row, probe.status, probe.body]).toEqual([row, fresh.status, fresh.body]);
      expect([row, probe.status < 300]).toEqual([row, true]);
      expect(JSON.stringify(probe.body ?? '')).not.toContain(ANN);
    }
    expect({
      cursor: await h.store.getCursor(ann),
      links: await h.store.listLinks(ann),
      pending: await h.store.listPendingCreates(ann),
      conflicts: await h.store.listConflicts(ann),
      skipped: await h.store.listSkipped(ann),
    }).toEqual(before);
  });
});
