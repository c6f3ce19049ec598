/**
 * F73: the folder named in the settings changes (PUT /sync/v1/settings, the CLI's settings, the
 * pane) and the next run moves the sync, whatever host runs it: never two Outlook copies of one BC
 * contact, no conflict lost, resumable when a run stops half-way.
 */
import { describe, expect, test } from '@jest/globals';
import { recordedFolder } from '../../src/core/folder.js';
import type { Link } from '../../src/core/link.js';
import { USER, World, outlookPerson, person } from '../support/world.js';

/** Every Outlook contact of every folder that carries a BC id, grouped by it. */
function copiesByBcId(w: World): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of ['Business Central', 'BC Contacts'])
    for (const c of w.mailbox.folderByName(name)
      ? w.mailbox.folderContacts(w.mailbox.folderByName(name)!.id)
      : [])
      if (c.bcId !== '') out.set(c.bcId, [...(out.get(c.bcId) ?? []), `${name}:${c.id}`]);
  return out;
}

async function linksOf(w: World, name: string): Promise<Link[]> {
  const f = w.mailbox.folderByName(name);
  return f ? w.store.listLinks({ userId: USER, folderId: f.id }) : [];
}

async function syncedThree(): Promise<{ w: World; ids: string[] }> {
  const w = new World();
  const ids = [1, 2, 3].map((n) => w.bc.seed(person(n)).id);
  expect((await w.sync('full')).record.status).toBe('succeeded');
  expect(w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id)).toHaveLength(3);
  return { w, ids };
}

describe('the sync folder moves as a step of the run (F73)', () => {
  test('a new folder name no folder has: the run renames the folder; no second copy of any contact', async () => {
    const { w, ids } = await syncedThree();
    const folderId = w.mailbox.folderByName('Business Central')!.id;
    await w.settings({ folderName: 'BC Contacts' });
    expect((await recordedFolder(w.store, USER, 'BC Contacts')).moving).toEqual({
      folderId,
      folderName: 'Business Central',
    });
    for (const mode of ['full', 'delta'] as const) {
      const { record } = await w.sync(mode);
      expect(record).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts', folderId });
      expect(record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    }
    expect(w.mailbox.folderByName('Business Central')).toBeUndefined();
    expect(w.mailbox.folderByName('BC Contacts')!.id).toBe(folderId);
    expect([...copiesByBcId(w).values()].map((c) => c.length)).toEqual([1, 1, 1]);
    expect((await linksOf(w, 'BC Contacts')).map((l) => l.bcId).sort()).toEqual([...ids].sort());
    expect((await recordedFolder(w.store, USER, 'BC Contacts')).moving).toBeNull();
  });

  test('a run the mass-delete guard holds does not rename the folder; the confirmed run does', async () => {
    const { w, ids } = await syncedThree();
    const folderId = w.mailbox.folderByName('Business Central')!.id;
    w.bc.remove(ids[0]!);
    await w.settings({ folderName: 'BC Contacts' });
    const held = await w.sync('delta');
    expect(held.record.status).toBe('held');
    expect(w.mailbox.folderByName('Business Central')?.id).toBe(folderId);
    expect(w.mailbox.folderByName('BC Contacts')).toBeUndefined();
    expect(w.mailbox.folderContacts(folderId)).toHaveLength(3);
    const confirmed = await w.sync('delta', { confirmMassDelete: true });
    expect(confirmed.record).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts', folderId });
    expect(w.mailbox.folderByName('BC Contacts')!.id).toBe(folderId);
    expect(w.mailbox.folderContacts(folderId)).toHaveLength(2);
  });

  test('a folder of the new name exists: the old copies go, the new folder gets one copy of each; its own contact is matched', async () => {
    const { w, ids } = await syncedThree();
    const target = await w.mailbox.ensureFolder('BC Contacts');
    w.mailbox.userCreate(target.id, outlookPerson(7));
    await w.settings({ folderName: 'BC Contacts' });
    const { record } = await w.sync('delta');
    expect(record).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts', folderId: target.id });
    expect(record.counts.outlook).toMatchObject({ created: 3, deleted: 3 });
    const old = w.mailbox.folderByName('Business Central')!;
    expect(w.mailbox.folderContacts(old.id)).toEqual([]);
    expect(await w.store.listLinks({ userId: USER, folderId: old.id })).toEqual([]);
    const copies = copiesByBcId(w);
    for (const id of ids) expect(copies.get(id)).toHaveLength(1);
    // The folder's own contact became a BC person, linked.
    expect(await linksOf(w, 'BC Contacts')).toHaveLength(4);
    expect((await w.sync('full')).record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  test('an Outlook edit not yet synced reaches BC before its copy is removed', async () => {
    const { w, ids } = await syncedThree();
    const copy = w.mailbox
      .folderContacts(w.mailbox.folderByName('Business Central')!.id)
      .find((c) => c.bcId === ids[0])!;
    w.mailbox.userEdit(copy.id, { jobTitle: 'Typed in Outlook' });
    await w.mailbox.ensureFolder('BC Contacts');
    await w.settings({ folderName: 'BC Contacts' });
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect(w.bc.peek(ids[0]!)?.jobTitle).toBe('Typed in Outlook');
    const moved = w.mailbox.folderContacts(w.mailbox.folderByName('BC Contacts')!.id);
    expect(moved.find((c) => c.bcId === ids[0])?.jobTitle).toBe('Typed in Outlook');
  });

  test('an open conflict holds the move: the run syncs the old folder, the conflict stays listed and resolvable, then the move happens', async () => {
    const { w, ids } = await syncedThree();
    await w.settings({ conflictPolicy: 'manual' });
    const oldId = w.mailbox.folderByName('Business Central')!.id;
    const copy = w.mailbox.folderContacts(oldId).find((c) => c.bcId === ids[1])!;
    w.mailbox.userEdit(copy.id, { jobTitle: 'Outlook says' });
    w.bc.edit(ids[1]!, { jobTitle: 'BC says' });
    await w.mailbox.ensureFolder('BC Contacts');
    await w.settings({ folderName: 'BC Contacts' });
    const held = (await w.sync('delta')).record;
    expect(held.status).toBe('failed');
    expect(held.folderId).toBe(oldId);
    expect(held.errors.at(-1)).toMatchObject({
      code: 'folderMoveHeld',
      params: { held: 1, from: 'Business Central', to: 'BC Contacts' },
    });
    // Nothing moved: the old folder keeps its copies, links and the conflict.
    expect(w.mailbox.folderContacts(oldId)).toHaveLength(3);
    expect(w.mailbox.folderContacts(w.mailbox.folderByName('BC Contacts')!.id)).toEqual([]);
    const scope = { userId: USER, folderId: oldId };
    expect((await w.store.listConflicts(scope)).map((c) => c.bcId)).toEqual([ids[1]]);
    expect((await recordedFolder(w.store, USER, 'BC Contacts')).moving).toEqual({
      folderId: oldId,
      folderName: 'Business Central',
    });
    await w.store.putConflicts(scope, [], [ids[1]!]);
    const moved = (await w.sync('delta')).record;
    expect(moved).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts' });
    for (const id of ids) expect(copiesByBcId(w).get(id)).toHaveLength(1);
  });

  test('a copy holding values BC has no field for stays in the old folder, unlinked', async () => {
    const { w, ids } = await syncedThree();
    const oldId = w.mailbox.folderByName('Business Central')!.id;
    const copy = w.mailbox.folderContacts(oldId).find((c) => c.bcId === ids[2])!;
    w.mailbox.userSetOutlookOnly(copy.id, 'personalNotes');
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    await w.mailbox.ensureFolder('BC Contacts');
    await w.settings({ folderName: 'BC Contacts' });
    const { record } = await w.sync('delta');
    expect(record).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts' });
    expect(w.mailbox.folderContacts(oldId).map((c) => c.id)).toEqual([copy.id]);
    expect(await w.store.listLinks({ userId: USER, folderId: oldId })).toEqual([]);
    expect((await linksOf(w, 'BC Contacts')).map((l) => l.bcId).sort()).toEqual([...ids].sort());
  });

  test('a delete of an old copy whose answer was lost is checked, not held: the copy is gone, the move completes, nothing re-created', async () => {
    const { w, ids } = await syncedThree();
    await w.mailbox.ensureFolder('BC Contacts');
    await w.settings({ folderName: 'BC Contacts' });
    w.mailbox.fault = (op, index) => (op === 'delete' && index === 1 ? 'lostResponse' : null);
    // Before: the lost answer counted as refused, the move was held (failed), and the old folder's
    // next sync re-created the copy the delete had removed (trust lead 2).
    const first = (await w.sync('delta')).record;
    w.mailbox.fault = null;
    expect(first).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts' });
    expect(first.counts.outlook).toMatchObject({ created: 3, deleted: 3 });
    expect(first.uncertain).toBeUndefined();
    const copies = copiesByBcId(w);
    for (const id of ids) expect(copies.get(id)).toHaveLength(1);
    expect(w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id)).toEqual([]);
    expect((await w.sync('delta')).record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  test('a delete of an old copy whose answer was lost and cannot be checked stays counted uncertain; the next run finishes the move, one copy each', async () => {
    const { w, ids } = await syncedThree();
    await w.mailbox.ensureFolder('BC Contacts');
    await w.settings({ folderName: 'BC Contacts' });
    w.mailbox.fault = (op, index) => (op === 'delete' && index === 1 ? 'lostResponse' : null);
    // The check's read fails too (the mailbox is unreachable right after the lost answer).
    const getMany = w.mailbox.getMany.bind(w.mailbox);
    let reads = 0;
    w.mailbox.getMany = async (folderId, contactIds) => {
      if (w.mailbox.fault !== null && ++reads > 1) throw new Error('unreachable');
      return getMany(folderId, contactIds);
    };
    const first = (await w.sync('delta')).record;
    expect(first.status).toBe('failed');
    expect(first.uncertain?.outlook.deleted).toBe(1);
    w.mailbox.fault = null;
    const second = (await w.sync('delta')).record;
    expect(second).toMatchObject({ status: 'succeeded', folderName: 'BC Contacts' });
    const copies = copiesByBcId(w);
    for (const id of ids) expect(copies.get(id)).toHaveLength(1);
    expect(w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id)).toEqual([]);
  });

  test('a dry run moves nothing', async () => {
    const { w } = await syncedThree();
    await w.settings({ folderName: 'BC Contacts' });
    const { record } = await w.sync('full', { dryRun: true });
    expect(record.status).toBe('succeeded');
    expect(w.mailbox.folderByName('Business Central')).toBeDefined();
    expect(w.mailbox.folderByName('BC Contacts')).toBeUndefined();
    expect((await recordedFolder(w.store, USER, 'BC Contacts')).moving).not.toBeNull();
  });
});
