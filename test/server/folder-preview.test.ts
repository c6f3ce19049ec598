import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { folderPreview } from '../support/folder-preview.js';
import { outlookPerson, person } from '../support/world.js';
import { call, outlookIn, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

/**
 * F60: moving the sync to an existing Outlook folder imported that folder's own contacts into BC
 * without saying so. POST /sync/v1/folder-preview plans (writes nothing) the full sync into that
 * folder and counts what its contacts become, so the pane can say it before saving.
 */
const h = useSyncHarness();
const user = userOf('preview@contoso.com');

beforeAll(async () => {
  await call(h, user, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS });
  for (const n of [1, 2, 3]) h.bc.seed(person(n, { city: 'Oulu' }));
  expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
  // The user's own folder "Customers": one contact BC has (by e-mail), two new persons, one with no
  // e-mail, one already synced there once (a copy carrying its BC id).
  const box = h.mailbox(user);
  const customers = await box.ensureFolder('Customers');
  box.userCreate(
    customers.id,
    outlookPerson(1, { emailAddresses: [{ address: 'PERSON2@contoso.com', name: '' }] }),
  );
  box.userCreate(customers.id, outlookPerson(2));
  box.userCreate(customers.id, outlookPerson(3));
  box.userCreate(customers.id, outlookPerson(4, { emailAddresses: [] }));
});

afterAll(async () => {
  await h.close();
});

describe('POST /sync/v1/folder-preview', () => {
  test("counts what the folder's own contacts become, and writes nothing", async () => {
    const bcBefore = (await (await h.env.bcContacts(user)).listAll()).length;
    const r = await call(h, user, 'POST', '/sync/v1/folder-preview', { folderName: 'Customers' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(
      folderPreview({
        move: 'switch',
        from: 'Business Central',
        exists: true,
        contacts: 4,
        matched: 1,
        toBc: 2,
        skipped: 1,
      }),
    );
    expect((await (await h.env.bcContacts(user)).listAll()).length).toBe(bcBefore);
    expect(outlookIn(h, user, 'Customers')).toHaveLength(4);
    expect(outlookIn(h, user, 'Customers').every((c) => c.bcId === '')).toBe(true);
  });

  test('the counts are what the move then does: the matched one is linked, two new BC persons', async () => {
    const preview = (await call(h, user, 'POST', '/sync/v1/folder-preview', { folderName: 'customers' }))
      .body;
    const bcBefore = (await (await h.env.bcContacts(user)).listAll()).length;
    await call(h, user, 'PUT', '/sync/v1/settings', {
      ...DEFAULT_SETTINGS,
      folderName: 'Customers',
    });
    const run = await runToEnd(h, user, { mode: 'full' });
    expect(run.status).toBe('succeeded');
    expect((await (await h.env.bcContacts(user)).listAll()).length - bcBefore).toBe(preview.toBc);
    // Afterwards every contact there is synced, except the one skipped.
    const after = (await call(h, user, 'POST', '/sync/v1/folder-preview', { folderName: 'Customers' })).body;
    expect(after).toMatchObject({
      move: 'none',
      exists: true,
      matched: 0,
      toBc: 0,
      skipped: preview.skipped,
    });
    expect(after.linked).toBe(after.contacts - preview.skipped);
  });

  test('a contact the filter leaves out is counted as skipped, not imported', async () => {
    const box = h.mailbox(user);
    const other = await box.ensureFolder('Leads');
    box.userCreate(other.id, outlookPerson(5));
    await call(h, user, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, filter: { city: 'Oulu' } });
    const r = await call(h, user, 'POST', '/sync/v1/folder-preview', { folderName: 'Leads' });
    expect(r.body).toEqual(
      folderPreview({ move: 'switch', from: 'Customers', exists: true, contacts: 1, skipped: 1 }),
    );
  });

  test('a folder nobody has: nothing to import', async () => {
    const r = await call(h, user, 'POST', '/sync/v1/folder-preview', { folderName: 'Nowhere' });
    expect(r.body).toEqual(folderPreview({ from: 'Customers' }));
  });

  test('F73: `move` is what the next run does: none before any sync, then rename, as the run does', async () => {
    const fresh = userOf('preview-move@contoso.com');
    await call(h, fresh, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS });
    const before = await call(h, fresh, 'POST', '/sync/v1/folder-preview', { folderName: 'Renamed' });
    expect(before.body.move).toBe('none');
    expect((await runToEnd(h, fresh, { mode: 'full' })).status).toBe('succeeded');
    const synced = outlookIn(h, fresh).length;
    expect(synced).toBeGreaterThan(0);
    const after = await call(h, fresh, 'POST', '/sync/v1/folder-preview', { folderName: 'Renamed' });
    expect(after.body).toMatchObject({ move: 'rename', exists: false });
    // The folder it syncs already: nothing to move.
    const same = await call(h, fresh, 'POST', '/sync/v1/folder-preview', { folderName: 'Business Central' });
    expect(same.body.move).toBe('none');
    await call(h, fresh, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, folderName: 'Renamed' });
    expect((await runToEnd(h, fresh, { mode: 'delta' })).status).toBe('succeeded');
    expect(outlookIn(h, fresh, 'Renamed')).toHaveLength(synced);
    expect(await h.mailbox(fresh).findFolder('Business Central')).toBeNull();
  });

  test('F103: the sync folder renamed in Outlook is what the preview starts from; its own new name is no move', async () => {
    const mover = userOf('preview-f103@contoso.com');
    await call(h, mover, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, folderName: 'BC Kunden' });
    expect((await runToEnd(h, mover, { mode: 'full' })).status).toBe('succeeded');
    const synced = outlookIn(h, mover, 'BC Kunden').length;
    expect(synced).toBeGreaterThan(0);
    // The user renames the folder in Outlook; the settings still say "BC Kunden".
    const box = h.mailbox(mover);
    const folder = (await box.findFolder('BC Kunden'))!;
    await box.renameFolderById(folder.id, 'Kunden 2');
    // Typing the name it has now: nothing to move (was "rename BC Kunden to Kunden 2").
    const same = await call(h, mover, 'POST', '/sync/v1/folder-preview', { folderName: 'Kunden 2' });
    expect(same.body).toMatchObject({
      move: 'none',
      from: 'Kunden 2',
      exists: true,
      contacts: synced,
      linked: synced,
    });
    // A new name: the rename starts from the name Outlook shows, not the saved one.
    const next = await call(h, mover, 'POST', '/sync/v1/folder-preview', { folderName: 'Kunden 3' });
    expect(next.body).toMatchObject({ move: 'rename', from: 'Kunden 2', exists: false });
    // Saving the name it has: the run writes no folder and keeps every copy.
    await call(h, mover, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, folderName: 'Kunden 2' });
    const run = await runToEnd(h, mover, { mode: 'delta' });
    expect(run).toMatchObject({ status: 'succeeded', folderName: 'Kunden 2' });
    expect(outlookIn(h, mover, 'Kunden 2')).toHaveLength(synced);
    const after = await call(h, mover, 'POST', '/sync/v1/folder-preview', { folderName: 'Kunden 2' });
    expect(after.body).toMatchObject({ move: 'none', from: null });
  });

  test('F121: the sync folder renamed in Outlook and a new folder of the saved name: the preview, dry run, run and sync API all answer for the stored folder', async () => {
    const u = userOf('preview-f121@contoso.com');
    await call(h, u, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, folderName: 'F121' });
    expect((await runToEnd(h, u, { mode: 'full' })).status).toBe('succeeded');
    const box = h.mailbox(u);
    const synced = (await box.findFolder('F121'))!;
    const linked = outlookIn(h, u, 'F121').length;
    expect(linked).toBeGreaterThan(0);
    // In Outlook: the sync folder renamed, a new folder of the saved name with a contact of its own.
    await box.renameFolderById(synced.id, 'F121 old');
    const newer = await box.ensureFolder('F121');
    box.userCreate(newer.id, outlookPerson(121));
    const bcBefore = (await (await h.env.bcContacts(u)).listAll()).length;

    // Every place that says which folder the sync uses answers the stored one.
    const preview = await call(h, u, 'POST', '/sync/v1/folder-preview', { folderName: 'F121' });
    const dry = await runToEnd(h, u, { mode: 'full', dryRun: true });
    const run = await runToEnd(h, u, { mode: 'full' });
    const links = await call(h, u, 'GET', '/sync/v1/links');
    expect({
      preview: preview.body,
      dryFolder: dry.folderId,
      runFolder: run.folderId,
      linksFolder: links.body.folderId,
    }).toEqual({
      // Was: "none, this folder's 1 contact goes to BC" — the new folder's, which no run syncs.
      preview: folderPreview({ move: 'none', from: 'F121 old', exists: true, contacts: linked, linked }),
      dryFolder: synced.id,
      runFolder: synced.id,
      linksFolder: synced.id,
    });
    // What the preview said is what the run did: nothing went to BC, the new folder is untouched.
    expect((await (await h.env.bcContacts(u)).listAll()).length).toBe(bcBefore);
    expect(outlookIn(h, u, 'F121').map((c) => c.bcId)).toEqual(['']);
    expect(outlookIn(h, u, 'F121 old')).toHaveLength(linked);
  });

  test('F107: the preview takes exactly the folder names the settings take, refusing with the same details', async () => {
    const names = [
      '   ',
      '\u200b',
      '\u202eBusiness',
      'a\u00adb',
      'x'.repeat(255),
      'Sales contacts',
      'Kunden\u00a0:',
      'é',
    ];
    for (const folderName of names) {
      const check = await call(h, user, 'POST', '/sync/v1/settings/check', {
        ...DEFAULT_SETTINGS,
        folderName,
      });
      const preview = await call(h, user, 'POST', '/sync/v1/folder-preview', { folderName });
      const refused = (r: typeof check) =>
        r.status === 400 ? { code: r.body.error.code, details: r.body.error.details } : r.status;
      expect({ folderName, preview: refused(preview) }).toEqual({
        folderName,
        preview: check.status === 200 ? 200 : refused(check),
      });
    }
  });

  test.each([[{}], [{ folderName: '' }], [{ folderName: 'x'.repeat(256) }], [{ folderName: 'A', extra: 1 }]])(
    'a bad body is 400: %j',
    async (body) => {
      expect((await call(h, user, 'POST', '/sync/v1/folder-preview', body)).status).toBe(400);
    },
  );
});
