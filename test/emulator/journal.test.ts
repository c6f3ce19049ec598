import { describe, expect, test } from '@jest/globals';
import { createGraphEmulator, exportSeed, replayJournal } from '../../src/emulator/index.js';

import { parseContactWrite } from '../../src/emulator/contact-model.js';
import { journaledEmulator } from './harness.js';

// The embedded emulator's journal (issue 9 §4): replaying it on the snapshot gives the state the
// writes left, also when entries are replayed twice (a crash between snapshot and truncation).

describe('journal replay', () => {
  test('creates, updates, deletes, folders and a reset come back as they were; replay is idempotent', async () => {
    const { live, before, entries } = await journaledEmulator();
    const store = live.store;
    const m = store.registerUser('u-1', 'ann@contoso.test');
    const f = store.createFolder(m, 'Business Central', m.defaultFolderId);
    const sub = store.createFolder(m, 'Inner', f.id);
    const a = store.createContact(m, f, parseContactWrite({ givenName: 'Ann', jobTitle: 'Old' }));
    store.createContact(m, f, parseContactWrite({ givenName: 'Bob' }));
    const c = store.createContact(m, sub, parseContactWrite({ givenName: 'Cid' }));
    store.createContact(m, store.getFolder(m, m.defaultFolderId), parseContactWrite({ givenName: 'Dee' }));
    store.updateContact(f, a, parseContactWrite({ jobTitle: 'New' }));
    store.deleteContact(m, sub, c);
    const gone = store.createFolder(m, 'Temporary', m.defaultFolderId);
    store.createContact(m, gone, parseContactWrite({ givenName: 'Eve' }));
    store.deleteFolder(m, gone);
    const purged = store.createFolder(m, 'Purged', m.defaultFolderId);
    store.createContact(m, purged, parseContactWrite({ givenName: 'Fay' }));
    store.deleteFolder(m, purged);
    store.deleteFolder(m, purged);
    store.renameFolder(m, sub, 'Inner renamed');

    const expected = exportSeed(store);
    // The deleted folder waits in Deleted Items with its contact; the one deleted twice is gone.
    const mine = expected.mailboxes.find((x) => x.id === 'u-1');
    expect(mine?.deletedFolders?.map((f) => [f.id, f.contacts?.length])).toEqual([[gone.id, 1]]);
    const replayed = replayJournal(before, entries);
    const twice = replayJournal(replayJournal(before, entries), entries);
    for (const seed of [replayed, twice]) {
      const restored = await createGraphEmulator({ seed });
      expect(exportSeed(restored.store)).toEqual(expected);
    }
    expect(replayJournal(before, [...entries, { op: 'reset' }])).toEqual({ mailboxes: [] });
  });
});
