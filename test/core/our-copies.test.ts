import { describe, expect, test } from '@jest/globals';
import type { OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import { World, person } from '../support/world.js';

// rule duplicates.removeOurCopy: an unlinked Outlook copy our own create left beside the linked one
// (a create that landed after its run's lease expired: crash-hosts model, seed 22) is deleted when
// it is surely ours and holds what the linked copy holds; every doubt keeps it, skipped as
// duplicateOfLinked with the hint to delete it by hand. Each variant in a full and a delta run.

/** The draft that makes a contact holding `o`'s values (what the late create would have sent). */
function draftOf(o: OutlookContact, overrides: Partial<OutlookContactDraft> = {}): OutlookContactDraft {
  const { id: _id, changeKey: _changeKey, outlookOnly: _outlookOnly, createdBy: _createdBy, ...draft } = o;
  return { ...draft, ...overrides };
}

interface Setting {
  readonly w: World;
  readonly bcId: string;
  /** The Outlook contact the sync made and links (its mark: the first run's id). */
  readonly linked: OutlookContact;
  readonly folderId: string;
}

/** One BC contact synced to Outlook by a full run, then time passes (a delta run sees what follows). */
async function synced(): Promise<Setting> {
  const w = new World();
  const a = w.bc.seed(person(1));
  await w.sync('full');
  w.later();
  const linked = (await w.outlookByBcId(a.id))!;
  return { w, bcId: a.id, linked, folderId: (await w.folder()).id };
}

/** A contact carrying the linked one's BC id, made as a create with `mark` (none: '') would make it. */
function copy(s: Setting, mark: string, overrides: Partial<OutlookContactDraft> = {}): OutlookContact {
  return s.w.mailbox.userCreate(
    s.folderId,
    draftOf(s.linked, { ...overrides, ...(mark === '' ? {} : { createdBy: mark }) }),
  );
}

async function outcome(s: Setting, mode: SyncMode) {
  const run = await s.w.sync(mode);
  const skipped = await s.w.store.listSkipped(await s.w.scope());
  const links = await s.w.store.listLinks(await s.w.scope());
  return {
    status: run.record.status,
    /** The copies the plan deletes (the executor may still keep them). */
    planned: (run.plan?.items ?? []).filter((i) => i.kind === 'deleteInOutlook' && i.reason === 'ourCopy')
      .length,
    deleted: run.record.counts.outlook.deleted,
    outlookIds: (await s.w.outlook()).map((o) => o.id).sort(),
    links: links.map((l) => [l.bcId, l.outlookId]),
    skipped: skipped.map((e) => [e.record.outlookId, e.record.reason.kind]),
  };
}

const MODES: SyncMode[] = ['full', 'delta'];

describe('[duplicates.removeOurCopy] a late copy of our own create', () => {
  test.each(MODES)('%s: identical values, another create mark: deleted, the link untouched', async (mode) => {
    const s = await synced();
    expect(s.linked.createdBy).toBe('run-1');
    copy(s, 'run-0');
    expect(await outcome(s, mode)).toEqual({
      status: 'succeeded',
      planned: 1,
      deleted: 1,
      outlookIds: [s.linked.id],
      links: [[s.bcId, s.linked.id]],
      skipped: [],
    });
    // Nothing left to do: a full run then writes nothing.
    expect((await s.w.sync('full')).record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  test.each(MODES)(
    '%s: BC changed the contact too: the linked copy is updated, the late copy deleted',
    async (mode) => {
      const s = await synced();
      copy(s, 'run-0');
      s.w.bc.edit(s.bcId, { jobTitle: 'changed in BC' });
      expect(await outcome(s, mode)).toMatchObject({
        planned: 1,
        deleted: 1,
        outlookIds: [s.linked.id],
        skipped: [],
      });
      expect((await s.w.outlookByBcId(s.bcId))?.jobTitle).toBe('changed in BC');
    },
  );

  test.each(MODES)('%s: three copies, two late creates: both deleted', async (mode) => {
    const s = await synced();
    copy(s, 'run-0a');
    copy(s, 'run-0b');
    expect(await outcome(s, mode)).toMatchObject({
      planned: 2,
      deleted: 2,
      outlookIds: [s.linked.id],
      skipped: [],
    });
  });

  /** The delete was planned, and the executor's checks kept the copy `id`, listed as a duplicate. */
  const expectKeptAtDelete = (out: Awaited<ReturnType<typeof outcome>>, id: string) => {
    expect(out).toMatchObject({ planned: 1, deleted: 0, skipped: [[id, 'duplicateOfLinked']] });
    expect(out.outlookIds).toContain(id);
  };

  // Every doubt keeps the copy, skipped as before with the hint to delete it by hand.
  const kept: [string, (s: Setting) => OutlookContact[]][] = [
    ['values differ (the user typed into it)', (s) => [copy(s, 'run-0', { jobTitle: 'typed in the copy' })]],
    [
      'it holds an Outlook-only value',
      (s) => {
        const c = copy(s, 'run-0');
        s.w.mailbox.userSetOutlookOnly(c.id, 'personalNotes', true);
        return [c];
      },
    ],
    [
      'it and the linked copy both hold notes (a read tells which hold a value, not what)',
      (s) => {
        s.w.mailbox.userSetOutlookOnly(s.linked.id, 'personalNotes', true);
        const c = copy(s, 'run-0');
        s.w.mailbox.userSetOutlookOnly(c.id, 'personalNotes', true);
        return [c];
      },
    ],
    ['the linked contact mark (a copy the user made in Outlook)', (s) => [copy(s, 'run-1')]],
    ['no create mark (made before the mark, or by the user)', (s) => [copy(s, '')]],
    ['two with one mark (the user copied our late create)', (s) => [copy(s, 'run-0'), copy(s, 'run-0')]],
  ];
  test.each(MODES.flatMap((m) => kept.map(([why, make]) => [m, why, make] as const)))(
    '%s: %s: kept and listed as duplicateOfLinked',
    async (mode, _why, make) => {
      const s = await synced();
      const copies = make(s);
      expect(await outcome(s, mode)).toEqual({
        status: 'succeeded',
        planned: 0,
        deleted: 0,
        outlookIds: [s.linked.id, ...copies.map((c) => c.id)].sort(),
        links: [[s.bcId, s.linked.id]],
        skipped: copies.map((c) => [c.id, 'duplicateOfLinked']),
      });
    },
  );

  test.each(MODES)(
    '%s: the linked copy deleted by the user: the late copy is adopted, not deleted',
    async (mode) => {
      const s = await synced();
      const late = copy(s, 'run-0');
      s.w.mailbox.userDelete(s.linked.id);
      expect(await outcome(s, mode)).toEqual({
        status: 'succeeded',
        planned: 0,
        deleted: 0,
        outlookIds: [late.id],
        links: [[s.bcId, late.id]],
        skipped: [],
      });
    },
  );

  test.each(MODES)(
    '%s: the user edits the copy after the plan, before the executor reads it: kept',
    async (mode) => {
      const s = await synced();
      const late = copy(s, 'run-0');
      // Graph may not honour If-Match on a DELETE: the fake's delete here ignores the changeKey too,
      // so only the executor's read right before the delete can keep the edit.
      const box = s.w.mailbox;
      const del = box.delete.bind(box);
      box.delete = (folderId, deletes) =>
        del(
          folderId,
          deletes.map((d) => ({ ...d, changeKey: '*' })),
        );
      const find = box.findByBcIds.bind(box);
      box.findByBcIds = async (folderId, bcIds) => {
        box.userEdit(late.id, { jobTitle: 'typed meanwhile' });
        return find(folderId, bcIds);
      };
      const out = await outcome(s, mode);
      expectKeptAtDelete(out, late.id);
      expect(box.folderContacts(s.folderId).find((c) => c.id === late.id)?.jobTitle).toBe('typed meanwhile');
    },
  );

  test.each(MODES)(
    '%s: the user edits the copy after the executor read it: the If-Match refuses, kept',
    async (mode) => {
      const s = await synced();
      const late = copy(s, 'run-0');
      s.w.mailbox.fault = (op) => {
        if (op === 'delete') s.w.mailbox.userEdit(late.id, { jobTitle: 'typed meanwhile' });
        return null;
      };
      const out = await outcome(s, mode);
      expectKeptAtDelete(out, late.id);
    },
  );

  test('a dry run plans the delete and deletes nothing', async () => {
    const s = await synced();
    const late = copy(s, 'run-0');
    const run = await s.w.sync('full', { dryRun: true });
    expect(
      run.plan!.items.map((i) => [
        i.kind,
        'outlookId' in i ? i.outlookId : '',
        'reason' in i ? i.reason : '',
      ]),
    ).toEqual([['deleteInOutlook', late.id, 'ourCopy']]);
    expect((await s.w.outlook()).length).toBe(2);
  });
});
