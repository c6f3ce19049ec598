/**
 * Trust item 2: a change of case only of the folder's name in the settings ("Business Central" to
 * "business central") never renamed the Outlook folder: the move's due check compared the names
 * case-folded (as lease keys are), so no run saw a move. Graph finds folders by name
 * case-insensitively — the same folder — but its display name follows what the user set (design
 * §2 "Folder": the sync moves to the folder of the new name). The kind: every change of the name
 * that differs in case only, in every mode, renames the one folder in place (no contact moves).
 */
import { describe, expect, test } from '@jest/globals';
import { recordedFolder } from '../../src/core/folder.js';
import { USER, World, person } from '../support/world.js';

async function syncedTwo(): Promise<{ w: World; folderId: string }> {
  const w = new World();
  for (const n of [1, 2]) w.bc.seed(person(n));
  expect((await w.sync('full')).record.status).toBe('succeeded');
  return { w, folderId: w.mailbox.folderByName('Business Central')!.id };
}

const NAMES = ['business central', 'BUSINESS CENTRAL', 'Business central', 'business Central'];
const MODES = ['full', 'delta'] as const;

describe('a change of case only renames the sync folder in place (trust item 2)', () => {
  test.each(NAMES.flatMap((name) => MODES.map((mode) => [name, mode] as const)))(
    '"Business Central" -> "%s", a %s run',
    async (name, mode) => {
      const { w, folderId } = await syncedTwo();
      await w.settings({ folderName: name });
      expect((await recordedFolder(w.store, USER, name)).moving).toEqual({
        folderId,
        folderName: 'Business Central',
      });
      const { record } = await w.sync(mode);
      expect(record).toMatchObject({ status: 'succeeded', folderName: name, folderId });
      expect(record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
      expect((await w.mailbox.folderById(folderId))?.displayName).toBe(name);
      expect(w.mailbox.folderContacts(folderId)).toHaveLength(2);
      expect(await w.store.listLinks({ userId: USER, folderId })).toHaveLength(2);
      expect((await recordedFolder(w.store, USER, name)).moving).toBeNull();
    },
  );

  test('the example: "Business Central" -> "business central" renames the Outlook folder', async () => {
    const { w, folderId } = await syncedTwo();
    await w.settings({ folderName: 'business central' });
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect((await w.mailbox.folderById(folderId))?.displayName).toBe('business central');
  });

  test('a dry run renames nothing', async () => {
    const { w, folderId } = await syncedTwo();
    await w.settings({ folderName: 'business central' });
    expect((await w.sync('delta', { dryRun: true })).record.status).toBe('succeeded');
    expect((await w.mailbox.folderById(folderId))?.displayName).toBe('Business Central');
  });

  test('the same name with other spaces around it is no move', async () => {
    const { w, folderId } = await syncedTwo();
    await w.settings({ folderName: ' Business Central ' });
    expect((await recordedFolder(w.store, USER, ' Business Central ')).moving).toBeNull();
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect((await w.mailbox.folderById(folderId))?.displayName).toBe('Business Central');
  });
});
