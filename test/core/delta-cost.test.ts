import { describe, expect, test } from '@jest/globals';
import type { LinkKeys } from '../../src/core/ports.js';
import { recordStoreCalls } from '../support/store-calls.js';
import type { StoreCall } from '../support/store-calls.js';
import type { World } from '../support/world.js';
import { deltaReady, outlookPerson, person } from '../support/world.js';

// Issue 12 §2: a delta run costs what changed, not what exists. Its state-store traffic is a
// fixed set of calls plus link look-ups by the ids of what the two sides report.

/** A world of `n` synced contacts whose delta link and watermark are set (full, then delta). */
async function syncedWorld(n: number): Promise<World> {
  const { w, ids: seededIds } = await deltaReady(n);
  ids.set(w, seededIds);
  return w;
}

const ids = new WeakMap<World, string[]>();
/** The BC contacts seeded by `syncedWorld`, in seeding order. */
const seeded = (w: World) => (ids.get(w) ?? []).map((id) => w.bc.peek(id)!);

const methods = (calls: readonly StoreCall[]) => calls.map((c) => c.method);
const lookUps = (calls: readonly StoreCall[]) =>
  calls.filter((c) => c.method === 'findLinks').map((c) => c.args[1] as LinkKeys);

describe('delta cost (issue 12 §2)', () => {
  test('an idle delta reads no link, and its store calls are the same at 20 and 400 contacts', async () => {
    const seen: string[][] = [];
    for (const n of [20, 400]) {
      const w = await syncedWorld(n);
      const calls = recordStoreCalls(w.store);
      const { record, plan } = await w.sync('delta');
      expect(record.status).toBe('succeeded');
      expect(plan!.items).toEqual([]);
      const made = methods(calls.take());
      for (const m of ['listLinks', 'findLinks', 'countLinks']) expect(made).not.toContain(m);
      seen.push(made);
    }
    expect(seen[1]).toEqual(seen[0]);
  });

  test('a delta looks up the links of the contacts it reports, by their ids, and of nothing else', async () => {
    const w = await syncedWorld(300);
    const bcEdited = seeded(w).slice(0, 3);
    for (const c of bcEdited) w.bc.edit(c.id, { jobTitle: `Edited ${c.id}` });
    const gone = seeded(w)[10]!;
    w.bc.remove(gone.id);
    const olEdited = (await w.outlook()).filter((o) => !bcEdited.some((c) => c.id === o.bcId)).slice(5, 7);
    for (const o of olEdited) w.mailbox.userEdit(o.id, { jobTitle: `From Outlook ${o.id}` });
    const fresh = w.mailbox.userCreate((await w.folder()).id, outlookPerson(1));
    const calls = recordStoreCalls(w.store);

    const { record } = await w.sync('delta');

    expect(record.status).toBe('succeeded');
    const made = calls.take();
    expect(methods(made)).not.toContain('listLinks');
    const asked = lookUps(made);
    const bcAsked = new Set(asked.flatMap((k) => k.bcIds));
    const olAsked = new Set(asked.flatMap((k) => k.outlookIds));
    expect(bcAsked).toEqual(new Set([...bcEdited.map((c) => c.id), gone.id]));
    expect(olAsked).toEqual(new Set([...olEdited.map((o) => o.id), fresh.id]));
    // What the run did is what a run that read every link does.
    for (const c of bcEdited) expect((await w.outlookByBcId(c.id))?.jobTitle).toBe(`Edited ${c.id}`);
    for (const o of olEdited) expect(w.bc.peek(o.bcId)?.jobTitle).toBe(`From Outlook ${o.id}`);
    expect(await w.outlookByBcId(gone.id)).toBeUndefined();
    expect((await w.bc.listAll()).some((c) => c.email === 'outlook1@fabrikam.com')).toBe(true);
    expect(await w.store.countLinks(await w.scope())).toBe(300);
  });

  test('a BC contact found by e-mail for a new Outlook contact is known as linked: no duplicate, no new link', async () => {
    const w = await syncedWorld(50);
    const linked = seeded(w)[7]!;
    // A second Outlook contact with the e-mail of a linked BC contact (duplicateOfLinked).
    w.mailbox.userCreate(
      (await w.folder()).id,
      outlookPerson(9, {
        emailAddresses: [{ address: linked.email, name: 'Twin' }],
      }),
    );
    const { record, plan } = await w.sync('delta');
    expect(record.status).toBe('succeeded');
    expect(plan!.skipped.map((s) => s.record.reason.kind)).toEqual(['duplicateOfLinked']);
    expect(w.bc.size).toBe(50);
    expect(await w.store.countLinks(await w.scope())).toBe(50);
  });

  test('the mass-delete guard of a delta compares with the whole folder, not the links it read', async () => {
    const w = await syncedWorld(10);
    await w.settings({ massDeleteShare: 0.2 });
    for (const c of seeded(w).slice(0, 3)) w.bc.remove(c.id);
    const held = await w.sync('delta');
    expect(held.record.status).toBe('held');
    expect(held.record.held).toEqual({ kind: 'massDelete', deletes: 3, folderSize: 10, share: 0.2 });
    expect(await w.outlook()).toHaveLength(10);
    const small = await syncedWorld(10);
    await small.settings({ massDeleteShare: 0.2 });
    small.bc.remove(seeded(small)[0]!.id);
    const ok = await small.sync('delta');
    expect(ok.record.status).toBe('succeeded');
    expect(await small.outlook()).toHaveLength(9);
  });

  test('a create whose answer was lost is re-linked in a delta that reads no link list', async () => {
    const w = await syncedWorld(5);
    const added = w.bc.seed(person(6));
    w.mailbox.fault = (op) => (op === 'create' ? 'lostResponse' : null);
    expect((await w.sync('delta')).record.status).toBe('failed');
    w.mailbox.fault = null;
    const calls = recordStoreCalls(w.store);
    const again = await w.sync('delta');
    expect(again.record.status).toBe('succeeded');
    expect(again.record.counts.outlook.created).toBe(0);
    expect(methods(calls.take())).not.toContain('listLinks');
    expect((await w.outlook()).filter((o) => o.bcId === added.id)).toHaveLength(1);
    expect(await w.store.findLinks(await w.scope(), { bcIds: [added.id], outlookIds: [] })).toHaveLength(1);
  });
});
