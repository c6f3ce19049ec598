import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { createGraphEmulator, exportSeed, journalEntry, replayJournal } from '../../src/emulator/index.js';
import type { JournalEntry } from '../../src/emulator/index.js';
import { parseContactWrite } from '../../src/emulator/contact-model.js';
import { GraphError } from '../../src/emulator/errors.js';
import type { SeedData, SeedFolder, SeedMailbox } from '../../src/emulator/options.js';
import type { EmulatorStore } from '../../src/emulator/store.js';
import type { Folder, Mailbox } from '../../src/emulator/store-shapes.js';
import { journaledEmulator } from './harness.js';

/*
 * F113 (tester): two folders of one name deleted in Outlook sit in Deleted Items side by side; the
 * snapshot then could not be loaded (the seed re-created them through the live name check), and
 * `npm start` failed for ever. The kind: a load path (snapshot, journal replay) that re-applies
 * live-API refusals to stored state. Property: any state the live store reaches — random folder
 * creates, renames, deletes (to Deleted Items, then for good), contact writes, in any folder —
 * loads again, from the snapshot, from snapshot + journal, and with the journal replayed twice.
 */

const NAMES = ['Business Central', 'business central', 'Temp', 'Inner'] as const;
type Op =
  | { op: 'createFolder'; name: number; parent: number }
  | { op: 'renameFolder'; folder: number; name: number }
  | { op: 'deleteFolder'; folder: number }
  | { op: 'createContact'; folder: number; given: string }
  | { op: 'updateContact'; contact: number; job: string }
  | { op: 'deleteContact'; contact: number }
  | { op: 'snapshot' };

const pick = fc.nat({ max: 50 });
/** `op` drawn with `weight`, its other fields from `fields`. */
function weighted<K extends Op['op']>(
  weight: number,
  op: K,
  fields: { [F in Exclude<keyof Extract<Op, { op: K }>, 'op'>]: fc.Arbitrary<Extract<Op, { op: K }>[F]> },
): fc.WeightedArbitrary<Op> {
  return { weight, arbitrary: fc.record({ op: fc.constant(op), ...fields }) as fc.Arbitrary<Op> };
}
const opArb: fc.Arbitrary<Op> = fc.oneof(
  weighted(4, 'createFolder', { name: fc.nat({ max: 3 }), parent: pick }),
  weighted(2, 'renameFolder', { folder: pick, name: fc.nat({ max: 3 }) }),
  weighted(3, 'deleteFolder', { folder: pick }),
  weighted(3, 'createContact', { folder: pick, given: fc.string({ maxLength: 6 }) }),
  weighted(2, 'updateContact', { contact: pick, job: fc.string({ maxLength: 6 }) }),
  weighted(1, 'deleteContact', { contact: pick }),
  { weight: 1, arbitrary: fc.constant({ op: 'snapshot' as const }) },
);

/** Folders the user can name (every folder but Deleted Items itself), in creation order. */
function folders(m: Mailbox): Folder[] {
  return [...m.folders.values()].filter((f) => f.id !== m.deletedItemsId);
}

/** Applies one op; a refusal the live API would answer with a 4xx is simply not applied. */
function apply(store: EmulatorStore, m: Mailbox, o: Exclude<Op, { op: 'snapshot' }>): void {
  const fs = folders(m);
  const at = <T>(xs: readonly T[], i: number): T | undefined =>
    xs.length === 0 ? undefined : xs[i % xs.length];
  const contacts = fs.flatMap((f) => [...f.contacts.values()].map((c) => ({ f, c })));
  try {
    if (o.op === 'createFolder')
      store.createFolder(m, NAMES[o.name]!, at(fs, o.parent)?.id ?? m.defaultFolderId);
    else if (o.op === 'renameFolder') {
      const f = at(fs, o.folder);
      if (f && f.id !== m.defaultFolderId) store.renameFolder(m, f, NAMES[o.name]!);
    } else if (o.op === 'deleteFolder') {
      const f = at(fs, o.folder);
      if (f && f.id !== m.defaultFolderId) store.deleteFolder(m, f);
    } else if (o.op === 'createContact') {
      const f = at(fs, o.folder);
      if (f)
        store.createContact(
          m,
          f,
          parseContactWrite({ givenName: o.given, emailAddresses: [{ address: 'a@b.test' }] }),
        );
    } else if (o.op === 'updateContact') {
      const x = at(contacts, o.contact);
      if (x) store.updateContact(x.f, x.c, parseContactWrite({ jobTitle: o.job }), m);
    } else {
      const x = at(contacts, o.contact);
      if (x) store.deleteContact(m, x.f, x.c);
    }
  } catch (e) {
    if (!(e instanceof GraphError) || e.status >= 500) throw e;
  }
}

/** The state as a set: folders and contacts by id (load order is not part of a mailbox's state). */
function normal(data: SeedData): unknown {
  const folder = (f: SeedFolder): unknown => ({
    ...f,
    contacts: [...(f.contacts ?? [])].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    childFolders: [...(f.childFolders ?? [])].map(folder).sort(byId),
  });
  const byId = (a: unknown, b: unknown) =>
    String((a as { id: string }).id).localeCompare(String((b as { id: string }).id));
  const mailbox = (m: SeedMailbox) => ({
    ...m,
    contacts: [...(m.contacts ?? [])].sort(byId),
    folders: (m.folders ?? []).map(folder).sort(byId),
    deletedFolders: (m.deletedFolders ?? []).map(folder).sort(byId),
  });
  return data.mailboxes.map(mailbox).sort(byId);
}

async function loads(seed: SeedData): Promise<unknown> {
  const restored = await createGraphEmulator({ seed: JSON.parse(JSON.stringify(seed)) as SeedData });
  return normal(exportSeed(restored.store));
}

describe('every state the live emulator reaches loads again', () => {
  test('F113: two folders of one name deleted, then a restart from the snapshot and from the journal', async () => {
    const { live, before, entries } = await journaledEmulator();
    const m = live.store.registerUser('u-1', 'ann@contoso.test');
    for (let k = 0; k < 2; k++)
      live.store.deleteFolder(m, live.store.createFolder(m, 'Temp', m.defaultFolderId));
    const expected = normal(exportSeed(live.store));
    expect(await loads(exportSeed(live.store))).toEqual(expected);
    expect(await loads(replayJournal(before, entries))).toEqual(expected);
  });

  test('property: snapshot, snapshot + journal, and the journal replayed twice give the live state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const live = await createGraphEmulator({});
        const entries: JournalEntry[] = [];
        live.store.onWrite = (w) => entries.push(journalEntry(w));
        const m = live.store.registerUser('u-1', 'ann@contoso.test');
        let snapshot = exportSeed(live.store);
        let since = entries.length;
        for (const o of ops) {
          if (o.op === 'snapshot') {
            snapshot = exportSeed(live.store);
            since = entries.length;
          } else apply(live.store, m, o);
        }
        const expected = normal(exportSeed(live.store));
        const tail = entries.slice(since);
        expect(await loads(exportSeed(live.store))).toEqual(expected);
        expect(await loads(replayJournal(snapshot, tail))).toEqual(expected);
        expect(await loads(replayJournal(replayJournal(snapshot, tail), tail))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
