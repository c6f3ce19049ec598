/**
 * Caches follow the mailbox (issue 9 §2): the sync API answers for the folder the last run used —
 * whichever host ran it — and a folder the user renamed in Outlook is found again by its stored id.
 * Both run paths: the facade's run (POST /sync/v1/runs) and the pane's engine (runSync with its
 * state over the sync API's /state routes, as the task pane runs it).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { outlookPerson, person } from '../support/world.js';
import { call, ended, userOf, useSyncHarness } from './sync-harness.js';

const h = useSyncHarness();
let base = '';
beforeAll(async () => {
  base = `${await h.app.listen({ host: '127.0.0.1', port: 0 })}/sync/v1`;
});

type Run = (user: string, mode: SyncMode) => Promise<RunRecord>;

const serverRun: Run = async (user, mode) => {
  h.clock.advance(60_000);
  const r = await call(h, user, 'POST', '/sync/v1/runs', { mode });
  expect(r.status).toBe(202);
  return ended(h, user, r.body.run.id);
};

let paneRuns = 0;
const paneRun: Run = async (user, mode) => {
  h.clock.advance(60_000);
  const store = new HttpSyncStateStore({
    baseUrl: base,
    getToken: async () => (await h.auth(user)).replace(/^Bearer /, ''),
  });
  const deps = { bc: h.bc, mailbox: h.mailbox(user), store, clock: h.clock, logger: silentLogger };
  const request = {
    runId: `pane-${++paneRuns}`,
    userId: user,
    mode,
    dryRun: false,
    trigger: 'pane',
  } as const;
  return (await runSync(deps, request)).record;
};

const hosts: { name: string; run: Run }[] = [
  { name: 'the facade run', run: serverRun },
  { name: 'the pane engine', run: paneRun },
];

describe.each(hosts)('the sync folder follows the mailbox, run by $name', ({ name, run }) => {
  const tag = name.replace(/\W+/g, '-');

  test('Seen: the folder deleted in Outlook and re-made by a full sync; links, conflicts, skipped and resolve answer for the new one', async () => {
    const user = userOf(`seen-${tag}@contoso.com`);
    const city = `Seen-${tag}`;
    const settings = { ...DEFAULT_SETTINGS, folderName: 'Seen', filter: { city }, conflictPolicy: 'manual' };
    expect((await call(h, user, 'PUT', '/sync/v1/settings', settings)).status).toBe(200);
    // Before any run there is no folder, and reading the state makes none.
    expect((await call(h, user, 'GET', '/sync/v1/links')).body).toEqual({
      folderId: null,
      links: [],
      next: null,
    });
    expect((await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts).toEqual([]);
    expect((await call(h, user, 'GET', '/sync/v1/skipped')).body.skipped).toEqual([]);
    expect(h.mailbox(user).folderByName('Seen')).toBeUndefined();

    const [a, b] = [h.bc.seed(person(1, { city })).id, h.bc.seed(person(2, { city })).id];
    expect((await run(user, 'full')).status).toBe('succeeded');
    const mb = h.mailbox(user);
    const first = mb.folderByName('Seen')!;
    expect((await call(h, user, 'GET', '/sync/v1/links')).body.folderId).toBe(first.id);

    mb.userDeleteFolder(first.id);
    const remade = await run(user, 'full');
    expect(remade).toMatchObject({ status: 'succeeded', counts: { outlook: { created: 2 } } });
    const second = mb.folderByName('Seen')!;
    expect(second.id).not.toBe(first.id);
    expect(remade.folderId).toBe(second.id);
    const links = (await call(h, user, 'GET', '/sync/v1/links')).body;
    expect(links.folderId).toBe(second.id);
    const copies = mb.folderContacts(second.id);
    expect(links.links.map((l: { outlookId: string }) => l.outlookId).sort()).toEqual(
      copies.map((c) => c.id).sort(),
    );

    // A conflict and a skip in the new folder are served, and the conflict resolves (was 404).
    mb.userEdit(copies.find((c) => c.bcId === a)!.id, { jobTitle: 'Outlook says' });
    h.bc.edit(a, { jobTitle: 'BC says' });
    mb.userCreate(second.id, outlookPerson(9, { emailAddresses: [] }));
    const next = await run(user, 'delta');
    expect(next).toMatchObject({ conflicts: 1, skipped: 1 });
    const conflicts = (await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts;
    expect(conflicts.map((c: { bcId: string }) => c.bcId)).toEqual([a]);
    const skipped = (await call(h, user, 'GET', '/sync/v1/skipped')).body.skipped;
    expect(skipped.map((s: { displayName: string }) => s.displayName)).toEqual(['Outlook 9']);
    const resolved = await call(h, user, 'POST', `/sync/v1/conflicts/${a}/resolve`, { side: 'outlook' });
    expect(resolved.status).toBe(200);
    expect(h.bc.peek(a)?.jobTitle).toBe('Outlook says');
    expect(h.bc.peek(b)?.jobTitle ?? '').toBe('');
  });

  test('a folder renamed in Outlook is found by its id: no second folder, no duplicated contacts', async () => {
    const user = userOf(`renamed-${tag}@contoso.com`);
    const city = `Renamed-${tag}`;
    const settings = { ...DEFAULT_SETTINGS, folderName: 'Renamed', filter: { city } };
    expect((await call(h, user, 'PUT', '/sync/v1/settings', settings)).status).toBe(200);
    const [a] = [h.bc.seed(person(1, { city })).id, h.bc.seed(person(2, { city })).id];
    expect((await run(user, 'full')).status).toBe('succeeded');
    const mb = h.mailbox(user);
    const folder = mb.folderByName('Renamed')!;
    mb.userRenameFolder(folder.id, 'My BC people');
    h.bc.edit(a!, { jobTitle: 'Moved on' });

    for (const mode of ['delta', 'full'] as const) {
      const record = await run(user, mode);
      expect(record).toMatchObject({ status: 'succeeded', folderId: folder.id });
      expect(record.counts.outlook.created + record.counts.bc.created).toBe(0);
    }
    expect(mb.folderByName('Renamed')).toBeUndefined();
    const copies = mb.folderContacts(folder.id);
    expect(copies).toHaveLength(2);
    expect(copies.find((c) => c.bcId === a)?.jobTitle).toBe('Moved on');
    expect((await call(h, user, 'GET', '/sync/v1/links')).body.folderId).toBe(folder.id);
  });
});
