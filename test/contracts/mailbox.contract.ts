import { describe, expect, test } from '@jest/globals';
import { OUTLOOK_ONLY_PROPERTIES } from '../../src/core/outlook-only.js';
import type { OutlookOnlyProperty } from '../../src/core/outlook-only.js';
import type { Mailbox } from '../../src/core/ports.js';
import { withBlockSetup } from '../support/block-setup.js';
import { draftOf, ok, outlookDraft } from './fixtures.js';

// Other suites take the test data from here too.
export { draftOf, outlookDraft } from './fixtures.js';

export interface MailboxSetup {
  readonly mailbox: Mailbox;
  readonly teardown: () => Promise<void>;
  /** What the Outlook user does to a folder (not the port): rename it, delete it. */
  readonly user: {
    renameFolder(id: string, displayName: string): Promise<void>;
    deleteFolder(id: string): Promise<void>;
    /**
     * The user types a value into a contact's property BC has no field for (`holds` true), or
     * clears it; the contact's changeKey moves, as any edit moves it.
     */
    setOutlookOnly(
      folderId: string,
      contactId: string,
      property: OutlookOnlyProperty,
      holds: boolean,
    ): Promise<void>;
  };
}

/**
 * The Mailbox port's contract: every adapter (in-memory fake, Graph over HTTP against the
 * emulator) must pass it unchanged.
 */
export function runMailboxContract(name: string, setup: () => Promise<MailboxSetup>): void {
  describe(`Mailbox contract: ${name}`, () => {
    let env: MailboxSetup;
    let mb: Mailbox;
    let folderSeq = 0;
    const freshFolder = async () =>
      (await mb.ensureFolder(`Contract ${++folderSeq} ${Math.random().toString(36).slice(2, 8)}`)).id;

    withBlockSetup(setup, (made) => {
      env = made;
      mb = made.mailbox;
    });

    test('ensureFolder creates a folder once and finds it again by name', async () => {
      const a = await mb.ensureFolder('Business Central');
      const b = await mb.ensureFolder('Business Central');
      const other = await mb.ensureFolder('Business Central Archive');
      expect(a.displayName).toBe('Business Central');
      expect(b.id).toBe(a.id);
      expect(other.id).not.toBe(a.id);
    });

    test('findFolder finds a folder by name (any case) and answers null for a missing one, creating nothing', async () => {
      const name = `Find ${++folderSeq} ${Math.random().toString(36).slice(2, 8)}`;
      expect(await mb.findFolder(name)).toBeNull();
      expect(await mb.findFolder(name)).toBeNull();
      const made = await mb.ensureFolder(name);
      // Found, not made: without the start link of a folder just made (MailFolder.startLink).
      expect(await mb.findFolder(name.toUpperCase())).toEqual({ id: made.id, displayName: made.displayName });
    });

    test('folderById finds the folder by id under the name the user gave it, and null once it is deleted', async () => {
      const name = `ById ${++folderSeq} ${Math.random().toString(36).slice(2, 8)}`;
      const made = await mb.ensureFolder(name);
      expect(await mb.folderById(made.id)).toEqual({ id: made.id, displayName: made.displayName });
      await env.user.renameFolder(made.id, `${name} (mine)`);
      expect(await mb.folderById(made.id)).toEqual({ id: made.id, displayName: `${name} (mine)` });
      expect(await mb.findFolder(name)).toBeNull();
      await env.user.deleteFolder(made.id);
      expect(await mb.folderById(made.id)).toBeNull();
      expect(await mb.folderById('AAMkADoesNotExist0000000000=')).toBeNull();
    });

    // Graph's folder names are unique ignoring case, but a rename to another case of the same name is a
    // rename the user sees (the pane's preview says "rename"): every adapter makes it (attack 2026-12-07:
    // GraphMailbox returned early on a case-insensitive match, the fake renamed).
    describe('renameFolderById', () => {
      const cases: ReadonlyArray<{
        name: string;
        to: (was: string) => string;
        shown: (was: string) => string;
      }> = [
        { name: 'a change of case only is made', to: (w) => w.toLowerCase(), shown: (w) => w.toLowerCase() },
        {
          name: 'a change of case of one letter is made',
          to: (w) => `r${w.slice(1)}`,
          shown: (w) => `r${w.slice(1)}`,
        },
        { name: 'a new name is made', to: (w) => `${w} 2`, shown: (w) => `${w} 2` },
        { name: 'the same name is kept as it is', to: (w) => w, shown: (w) => w },
        {
          name: 'spaces around the name are not part of it',
          to: (w) => `  ${w.toUpperCase()} `,
          shown: (w) => w.toUpperCase(),
        },
      ];
      test.each(cases)('$name', async ({ to, shown }) => {
        const was = `Rename ${++folderSeq} ${Math.random().toString(36).slice(2, 8)}`;
        const made = await mb.ensureFolder(was);
        const renamed = await mb.renameFolderById(made.id, to(was));
        expect(renamed).toEqual({ id: made.id, displayName: shown(was) });
        expect(await mb.folderById(made.id)).toEqual({ id: made.id, displayName: shown(was) });
      });

      test('a name another folder holds, in any case, is refused invalid; a gone folder notFound', async () => {
        const taken = `Taken ${++folderSeq} ${Math.random().toString(36).slice(2, 8)}`;
        await mb.ensureFolder(taken);
        const mine = await mb.ensureFolder(`${taken} mine`);
        await expect(mb.renameFolderById(mine.id, taken.toUpperCase())).rejects.toMatchObject({
          kind: 'invalid',
        });
        expect(await mb.folderById(mine.id)).toEqual({ id: mine.id, displayName: `${taken} mine` });
        await env.user.deleteFolder(mine.id);
        await expect(mb.renameFolderById(mine.id, `${taken} again`)).rejects.toMatchObject({
          kind: 'notFound',
        });
      });
    });

    // Graph moves a deleted folder to Deleted Items with its id (contactfolder-delete beside
    // contactfolder-permanentdelete): its delta still answers, so only the folder check tells.
    test('folderWithChanges reads the folder and its changes together, and null once the user deleted it though its delta still answers', async () => {
      const folder = await freshFolder();
      ok((await mb.create(folder, [outlookDraft(1)]))[0]!);
      const first = await mb.readChanges(folder, null);
      const added = ok((await mb.create(folder, [outlookDraft(2)]))[0]!);
      const both = await mb.folderWithChanges(folder, first.deltaLink);
      expect(both?.folder).toEqual(await mb.folderById(folder));
      expect(both?.changes).toMatchObject({ kind: 'changes', removedIds: [] });
      const changes = both?.changes;
      if (changes?.kind !== 'changes') throw new Error(`a delta read, not ${String(changes?.kind)}`);
      expect(changes.changed.map((c) => c.id)).toEqual([added.id]);

      await env.user.deleteFolder(folder);
      expect(await mb.folderWithChanges(folder, changes.deltaLink)).toBeNull();
      expect(await mb.readChanges(folder, changes.deltaLink)).toMatchObject({ kind: 'changes', changed: [] });
    });

    test('create returns each contact with id and changeKey, and every field round-trips', async () => {
      const folder = await freshFolder();
      const drafts = [
        outlookDraft(1),
        outlookDraft(2, { middleName: 'Q', emailAddresses: [], businessPhones: [] }),
      ];
      const out = await mb.create(folder, drafts);
      expect(out).toHaveLength(2);
      const created = out.map(ok);
      for (const [i, c] of created.entries()) {
        expect(c.id).not.toBe('');
        expect(c.changeKey).not.toBe('');
        expect(draftOf(c)).toEqual(drafts[i]);
      }
      const listed = await mb.listContacts(folder);
      expect(listed.map(draftOf).sort((a, b) => a.displayName.localeCompare(b.displayName))).toEqual(drafts);
    });

    test('more items than one batch are all written, results in request order', async () => {
      const folder = await freshFolder();
      const drafts = Array.from({ length: mb.maxBatch * 2 + 5 }, (_, i) => outlookDraft(100 + i));
      const out = await mb.create(folder, drafts);
      expect(out.map((r) => ok(r).displayName)).toEqual(drafts.map((d) => d.displayName));
      expect(await mb.listContacts(folder)).toHaveLength(drafts.length);
      expect(mb.maxBatch).toBeLessThanOrEqual(20);
    });

    test('Graph limits: a 4th e-mail or a 3rd business phone is refused, the rest of the batch is written', async () => {
      const folder = await freshFolder();
      const emails = [1, 2, 3, 4].map((i) => ({ address: `x${i}@contoso.com`, name: 'X' }));
      const out = await mb.create(folder, [
        outlookDraft(1, { emailAddresses: emails }),
        outlookDraft(2, { businessPhones: ['1', '2', '3'] }),
        outlookDraft(3),
      ]);
      expect(out[0]).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      expect(out[0]?.ok === false && out[0].error.message).toContain('EmailAddresses has 4 entries');
      expect(out[1]).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      expect(out[1]?.ok === false && out[1].error.message).toContain('BusinessPhones has 3 entries');
      expect(ok(out[2]).displayName).toBe('Person 3');
      expect(await mb.listContacts(folder)).toHaveLength(1);
    });

    test('update with the current changeKey patches only what is sent and moves the changeKey', async () => {
      const folder = await freshFolder();
      const c = ok((await mb.create(folder, [outlookDraft(7)]))[0]);
      const out = await mb.update(folder, [
        {
          id: c.id,
          changeKey: c.changeKey,
          patch: { displayName: 'Person 7', jobTitle: 'CEO', faxNumber: '' },
        },
      ]);
      const u = ok(out[0]);
      expect(u.changeKey).not.toBe(c.changeKey);
      expect(draftOf(u)).toEqual({ ...outlookDraft(7), jobTitle: 'CEO', faxNumber: '' });
      expect((await mb.getMany(folder, [c.id]))[0]).toEqual(u);
    });

    test('a stale changeKey is refused on update and delete; unknown ids are not found', async () => {
      const folder = await freshFolder();
      const c = ok((await mb.create(folder, [outlookDraft(8)]))[0]);
      ok(
        (
          await mb.update(folder, [{ id: c.id, changeKey: c.changeKey, patch: { displayName: 'Person 8b' } }])
        )[0],
      );
      const staleUpdate = await mb.update(folder, [
        { id: c.id, changeKey: c.changeKey, patch: { displayName: 'x' } },
      ]);
      expect(staleUpdate[0]).toMatchObject({ ok: false, error: { kind: 'stale' } });
      const staleDelete = await mb.delete(folder, [{ id: c.id, changeKey: c.changeKey }]);
      expect(staleDelete[0]).toMatchObject({ ok: false, error: { kind: 'stale' } });
      const missing = 'AAMkADoesNotExist0000000000=';
      expect(
        (await mb.update(folder, [{ id: missing, changeKey: '*', patch: { displayName: 'x' } }]))[0],
      ).toMatchObject({ ok: false, error: { kind: 'notFound' } });
      expect((await mb.delete(folder, [{ id: missing, changeKey: '*' }]))[0]).toMatchObject({
        ok: false,
        error: { kind: 'notFound' },
      });
      expect((await mb.listContacts(folder))[0]?.displayName).toBe('Person 8b');
    });

    test('delete removes the contact', async () => {
      const folder = await freshFolder();
      const [a, b] = (await mb.create(folder, [outlookDraft(1), outlookDraft(2)])).map(ok);
      expect(await mb.delete(folder, [{ id: a!.id, changeKey: a!.changeKey }])).toEqual([
        { ok: true, value: null },
      ]);
      expect((await mb.listContacts(folder)).map((c) => c.id)).toEqual([b!.id]);
      expect(await mb.getMany(folder, [a!.id, b!.id])).toEqual([b]);
    });

    test('readChanges: a first round is a snapshot, later rounds report creates, updates and removals', async () => {
      const folder = await freshFolder();
      const [a, b] = (await mb.create(folder, [outlookDraft(1), outlookDraft(2)])).map(ok);
      const first = await mb.readChanges(folder, null);
      expect(first.kind).toBe('snapshot');
      if (first.kind !== 'snapshot') return;
      expect(first.contacts.map((c) => c.id).sort()).toEqual([a!.id, b!.id].sort());
      const u = ok(
        (
          await mb.update(folder, [
            { id: a!.id, changeKey: a!.changeKey, patch: { displayName: 'Renamed', jobTitle: 'CFO' } },
          ])
        )[0],
      );
      ok((await mb.delete(folder, [{ id: b!.id, changeKey: b!.changeKey }]))[0]);
      const c = ok((await mb.create(folder, [outlookDraft(3)]))[0]);
      const second = await mb.readChanges(folder, first.deltaLink);
      expect(second.kind).toBe('changes');
      if (second.kind !== 'changes') return;
      const changed = [...second.changed].sort((x, y) => x.displayName.localeCompare(y.displayName));
      expect(changed).toEqual([c, u].sort((x, y) => x.displayName.localeCompare(y.displayName)));
      expect(second.removedIds).toEqual([b!.id]);
      const third = await mb.readChanges(folder, second.deltaLink);
      expect(third).toMatchObject({ kind: 'changes', changed: [], removedIds: [] });
    });

    test('readChanges: contacts the caller holds by changeKey are left out unread; a later edit is read', async () => {
      const folder = await freshFolder();
      const first = await mb.readChanges(folder, null);
      const [a, b] = (await mb.create(folder, [outlookDraft(41), outlookDraft(42)])).map(ok);
      const asked: { id: string; changeKey: string; firstEmail?: string }[][] = [];
      // The caller wrote both and holds their changeKeys (the echo of its own writes).
      const mine = new Map([a!, b!].map((c) => [c.id, c.changeKey]));
      const known = async (reported: readonly { id: string; changeKey: string; firstEmail?: string }[]) => {
        asked.push([...reported]);
        return new Set(reported.filter((r) => mine.get(r.id) === r.changeKey).map((r) => r.id));
      };
      const second = await mb.readChanges(folder, first.deltaLink, known);
      expect(second).toMatchObject({ kind: 'changes', changed: [], removedIds: [] });
      expect(
        asked
          .flat()
          .map((r) => ({ id: r.id, changeKey: r.changeKey }))
          .sort((x, y) => x.id.localeCompare(y.id)),
      ).toEqual(
        [a!, b!].map((c) => ({ id: c.id, changeKey: c.changeKey })).sort((x, y) => x.id.localeCompare(y.id)),
      );
      // A reported contact's first e-mail, where the mailbox sends it, is the contact's (what a run
      // looks up in BC while the contact is read by id: core/bc-look-ahead.ts).
      for (const r of asked.flat())
        if (r.firstEmail !== undefined)
          expect([r.id, r.firstEmail]).toEqual([
            r.id,
            [a!, b!].find((c) => c.id === r.id)!.emailAddresses[0]!.address,
          ]);
      // Someone else edits b: its changeKey moves on, so it is read and returned.
      const edited = ok(
        (
          await mb.update(folder, [{ id: b!.id, changeKey: b!.changeKey, patch: { displayName: 'Edited' } }])
        )[0],
      );
      const third = await mb.readChanges(folder, second.deltaLink, known);
      expect(third).toMatchObject({ kind: 'changes', changed: [edited], removedIds: [] });
      // Nothing reported: the caller is not asked.
      asked.length = 0;
      const fourth = await mb.readChanges(folder, third.deltaLink, known);
      expect(fourth).toMatchObject({ kind: 'changes', changed: [], removedIds: [] });
      expect(asked).toEqual([]);
    });

    test('findByBcIds finds contacts by the BC id stored on them', async () => {
      const folder = await freshFolder();
      const [a, , c] = (
        await mb.create(folder, [outlookDraft(1), outlookDraft(2), outlookDraft(3, { bcId: '' })])
      ).map(ok);
      const found = await mb.findByBcIds(folder, ['bc-1', 'bc-404']);
      expect(found).toEqual([a]);
      expect(c!.bcId).toBe('');
    });

    test('findByEmails finds contacts holding one of the addresses, in any position and any case', async () => {
      const folder = await freshFolder();
      const [a, b] = (
        await mb.create(folder, [
          outlookDraft(31, { emailAddresses: [{ address: 'Grace.Clarke@Gagnon.co.uk', name: 'G' }] }),
          outlookDraft(32),
          outlookDraft(33, { emailAddresses: [] }),
        ])
      ).map(ok);
      const found = await mb.findByEmails(folder, [
        'grace.clarke@gagnon.co.uk',
        ' P32@HOME.example ',
        'no@one.example',
      ]);
      expect(found.map((c) => c.id).sort()).toEqual([a!.id, b!.id].sort());
      expect(await mb.findByEmails(folder, [])).toEqual([]);
    });

    // F132: Graph compares the address as a string; decomposed (NFD) and composed (NFC) are one address.
    test('findByEmails finds an address stored decomposed when asked composed, and the other way', async () => {
      const folder = await freshFolder();
      const stored = ['jörg.nfd@bücher.example'.normalize('NFD'), 'åsa.nfc@bücher.example'.normalize('NFC')];
      const [d, c] = (
        await mb.create(
          folder,
          stored.map((address, i) => outlookDraft(35 + i, { emailAddresses: [{ address, name: 'N' }] })),
        )
      ).map(ok);
      expect((await mb.findByEmails(folder, [stored[0]!.normalize('NFC')])).map((x) => x.id)).toEqual([
        d!.id,
      ]);
      expect((await mb.findByEmails(folder, [stored[1]!.normalize('NFD')])).map((x) => x.id)).toEqual([
        c!.id,
      ]);
    });

    // F54, F58: every read tells whether a contact holds values BC has no field for, property by
    // property, the photo and a user-set "file as" included.
    test.each(OUTLOOK_ONLY_PROPERTIES.map((p) => [p]))(
      'every read reports %s once it holds a value, and no longer once it is cleared',
      async (property) => {
        const folder = await freshFolder();
        const [c, other] = (await mb.create(folder, [outlookDraft(41), outlookDraft(42)])).map(ok);
        expect(c!.outlookOnly).toEqual([]);
        const first = await mb.readChanges(folder, null);
        await env.user.setOutlookOnly(folder, c!.id, property, true);
        const reads = async () => {
          const changes = await mb.readChanges(folder, first.deltaLink);
          return [
            (await mb.getMany(folder, [c!.id]))[0],
            (await mb.listContacts(folder)).find((x) => x.id === c!.id),
            (await mb.findByBcIds(folder, ['bc-41']))[0],
            (await mb.findByEmails(folder, ['person41@contoso.com']))[0],
            (changes.kind === 'changes' ? changes.changed : changes.contacts).find((x) => x.id === c!.id),
          ];
        };
        for (const read of await reads()) expect(read?.outlookOnly).toEqual([property]);
        expect((await mb.getMany(folder, [other!.id]))[0]!.outlookOnly).toEqual([]);
        // The sync's own writes leave the property alone.
        const now = (await mb.getMany(folder, [c!.id]))[0]!;
        const updated = ok(
          (
            await mb.update(folder, [
              { id: c!.id, changeKey: now.changeKey, patch: { displayName: 'Edited' } },
            ])
          )[0],
        );
        expect(updated.outlookOnly).toEqual([property]);
        // Graph cannot remove a contact's photo (profilephoto-delete: user and group photos only).
        if (property === 'photo') return;
        await env.user.setOutlookOnly(folder, c!.id, property, false);
        for (const read of await reads()) expect(read?.outlookOnly).toEqual([]);
      },
    );

    test('the BC id can be stamped on an existing contact by update', async () => {
      const folder = await freshFolder();
      const c = ok((await mb.create(folder, [outlookDraft(5, { bcId: '' })]))[0]);
      const u = ok(
        (
          await mb.update(folder, [
            { id: c.id, changeKey: c.changeKey, patch: { displayName: c.displayName, bcId: 'bc-new' } },
          ])
        )[0],
      );
      expect(u.bcId).toBe('bc-new');
      expect((await mb.findByBcIds(folder, ['bc-new'])).map((x) => x.id)).toEqual([c.id]);
    });
  });
}
