import { describe, expect, jest, test } from '@jest/globals';
import type { OutlookUpdate } from '../../src/core/ports.js';
import type { World } from '../support/world.js';
import { deltaReady } from '../support/world.js';

// Issue 12 §2: a delta wrote each BC change to Outlook as a GET and a PATCH. A link that saw Outlook
// hold its base (our own write's answer) lets a delta PATCH a contact the round did not report
// without reading it, If-Match standing for the read; our own write echoed by the next round is
// recognised by its changeKey. Nothing may be lost on the way: these are the cases where the link's
// word does not hold or does not suffice. The random sequences of test/core/properties.test.ts run
// the same path under conflicts, faults and crashes.

/** The ids the mailbox was asked to read whole from now on. */
function reads(w: World): () => string[] {
  const spy = jest.spyOn(w.mailbox, 'getMany');
  return () => spy.mock.calls.flatMap((c) => [...c[1]]);
}

describe('a delta writes BC changes on the link word (issue 12 §2)', () => {
  test('a job title edited in BC reaches Outlook unread; the next delta knows its own echo', async () => {
    const { w, ids } = await deltaReady(30);
    const edited = ids.slice(0, 5);
    for (const id of edited) w.bc.edit(id, { jobTitle: `Buyer ${id}` });
    const read = reads(w);

    const { record } = await w.sync('delta');

    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.updated).toBe(5);
    expect(read()).toEqual([]);
    for (const id of edited) expect((await w.outlookByBcId(id))?.jobTitle).toBe(`Buyer ${id}`);
    const links = await w.store.listLinks(await w.scope());
    for (const l of links.filter((x) => edited.includes(x.bcId))) expect(l.outlookHoldsBase).toBe(true);

    w.later();
    const echo = await w.sync('delta');
    expect(echo.plan!.items).toEqual([]);
    expect(read()).toEqual([]);
  });

  test('a change whose PATCH is made from the contact (a surname: File as) reads it first', async () => {
    const { w, ids } = await deltaReady(5);
    const o = (await w.outlookByBcId(ids[0]!))!;
    w.bc.edit(ids[0]!, { surname: 'Lee', displayName: 'Person Lee' });
    const read = reads(w);

    await w.sync('delta');

    expect(read()).toEqual([o.id]);
    expect((await w.outlookByBcId(ids[0]!))?.surname).toBe('Lee');
  });

  test('a link stored before the flag reads the contact, and its write leaves the flag', async () => {
    const { w, ids } = await deltaReady(5);
    const scope = await w.scope();
    const old = (await w.store.listLinks(scope)).map(({ outlookHoldsBase: _flag, ...rest }) => rest);
    await w.store.upsertLinks(scope, old);
    const o = (await w.outlookByBcId(ids[1]!))!;
    w.bc.edit(ids[1]!, { jobTitle: 'Buyer' });
    const read = reads(w);

    await w.sync('delta');

    expect(read()).toEqual([o.id]);
    const link = (await w.store.listLinks(scope)).find((l) => l.bcId === ids[1]);
    expect(link?.outlookHoldsBase).toBe(true);
  });

  test('Outlook edited between the delta round and the PATCH: 412, planned again from reads, nothing lost', async () => {
    const { w, ids } = await deltaReady(5);
    const o = (await w.outlookByBcId(ids[2]!))!;
    w.bc.edit(ids[2]!, { jobTitle: 'From BC' });
    const update = w.mailbox.update.bind(w.mailbox);
    let raced = false;
    jest
      .spyOn(w.mailbox, 'update')
      .mockImplementation(async (folderId: string, updates: readonly OutlookUpdate[]) => {
        if (!raced) {
          raced = true;
          w.mailbox.userEdit(o.id, { mobilePhone: '+44 20 7946 0000' });
        }
        return update(folderId, updates);
      });

    const { record } = await w.sync('delta');

    expect(record.status).toBe('succeeded');
    const now = (await w.outlookByBcId(ids[2]!))!;
    expect(now.jobTitle).toBe('From BC');
    expect(now.mobilePhone).toBe('+44 20 7946 0000');
    expect(w.bc.peek(ids[2]!)?.mobilePhoneNumber).toBe('+44 20 7946 0000');
  });

  test('an open conflict leaves the link without the flag: the next BC edit reads Outlook and keeps it open', async () => {
    const { w, ids } = await deltaReady(5);
    await w.settings({ conflictPolicy: 'manual' });
    const o = (await w.outlookByBcId(ids[3]!))!;
    w.bc.edit(ids[3]!, { jobTitle: 'BC title' });
    w.mailbox.userEdit(o.id, { jobTitle: 'Outlook title' });
    await w.sync('delta');
    const scope = await w.scope();
    expect((await w.store.listLinks(scope)).find((l) => l.bcId === ids[3])?.outlookHoldsBase).toBeUndefined();
    w.later();
    w.bc.edit(ids[3]!, { jobTitle: 'BC title 2' });
    const read = reads(w);

    await w.sync('delta');

    expect(read()).toContain(o.id);
    expect((await w.outlookByBcId(ids[3]!))?.jobTitle).toBe('Outlook title');
    expect((await w.store.listConflicts(scope)).map((c) => c.bcId)).toContain(ids[3]);
  });
});
