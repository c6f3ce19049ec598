import { describe, expect, test } from '@jest/globals';
import type { ProgressEvent } from '../../src/core/executor.js';
import { countWrites } from '../../src/core/plan.js';
import { pendingCreatesOf } from '../../src/core/pending-creates.js';
import { World, linkedPerson, outlookPerson, person, typedInOutlook } from '../support/world.js';

function bcIdsOf(contacts: { bcId: string }[]): string[] {
  return contacts.map((c) => c.bcId).sort();
}

describe('resumable runs', () => {
  test('a run interrupted at any write resumes without duplicates', async () => {
    for (let crashAt = 0; crashAt < 10; crashAt++) {
      const w = new World();
      const ids = Array.from({ length: 45 }, (_, n) => w.bc.seed(person(n)).id);
      const folder = await w.mailbox.ensureFolder('Business Central');
      w.mailbox.userCreate(folder.id, outlookPerson(100));
      // Crash somewhere inside the second or third Outlook batch (20 items per batch).
      w.mailbox.crashAfter = 15 + crashAt * 3;
      await expect(w.sync('full')).rejects.toThrow('simulated crash');
      const resumed = await w.syncPastKeep('full'); // a crash mid-write keeps the folder to the settle (a841f5d5)
      expect(resumed.record.status).toBe('succeeded');
      const outlook = await w.outlook();
      expect(outlook).toHaveLength(46);
      expect(new Set(outlook.map((c) => c.bcId)).size).toBe(46);
      expect(bcIdsOf(outlook).filter((id) => ids.includes(id))).toEqual([...ids].sort());
      expect(w.bc.size).toBe(46);
      expect(countWrites((await w.sync('full')).plan!)).toBe(0);
    }
  });

  test('a lost create response is re-linked by the BC id on the Outlook contact, not created twice', async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    w.bc.seed(person(2));
    w.mailbox.fault = (op, i) => (op === 'create' && i === 0 ? 'lostResponse' : null);
    const first = await w.sync('delta');
    expect(first.record.status).toBe('failed');
    const pending = pendingCreatesOf(await w.store.listPendingCreates(await w.scope()));
    expect(pending.outlook.map((p) => p.bcId)).toEqual([a.id]);
    w.mailbox.fault = null;
    const second = await w.sync('delta');
    expect(second.record.status).toBe('succeeded');
    expect(second.record.counts.outlook.created).toBe(0);
    expect(await w.outlook()).toHaveLength(2);
    expect(await w.store.listPendingCreates(await w.scope())).toEqual([]);
    expect((await w.store.listLinks(await w.scope())).map((l) => l.bcId).sort()).toEqual(
      bcIdsOf(await w.outlook()),
    );
  });

  test('a lost BC create (Outlook import) is matched by e-mail next time, not imported twice', async () => {
    const { w, o } = await typedInOutlook(1);
    w.bc.fault = (op) => (op === 'create' ? 'lostResponse' : null);
    await w.sync('full');
    w.bc.fault = null;
    await w.sync('full');
    expect(w.bc.size).toBe(1);
    expect(w.mailbox.peek(o.id)?.bcId).toBe((await w.bc.listAll())[0]!.id);
  });

  test('failed writes are reported per item and retried by the next run; the watermark waits', async () => {
    const w = new World();
    w.bc.seed(person(1));
    w.bc.seed(person(2));
    w.mailbox.fault = (op, i) =>
      op === 'create' && i === 1 ? { kind: 'throttled', message: 'Too many requests' } : null;
    const first = await w.sync('delta');
    expect(first.record.status).toBe('failed');
    expect(first.record.errors).toHaveLength(1);
    expect(first.record.errors[0]).toMatchObject({ code: 'writeFailed', params: { error: 'throttled' } });
    expect((await w.store.listSkipped(await w.scope())).map((s) => s.record.reason.kind)).toEqual([
      'writeFailed',
    ]);
    w.mailbox.fault = null;
    const second = await w.sync('delta');
    expect(second.record.counts.outlook.created).toBe(1);
    expect(await w.outlook()).toHaveLength(2);
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
  });

  test('a contact edited in Outlook between reading and writing is re-read and merged, not overwritten', async () => {
    const { w, a, o } = await linkedPerson();
    w.bc.edit(a.id, { jobTitle: 'From BC' });
    // The user edits the Outlook contact just as the run writes: the first write sees a stale changeKey.
    let edited = false;
    w.mailbox.fault = (op) => {
      if (op === 'update' && !edited) {
        edited = true;
        w.mailbox.userEdit(o.id, { mobilePhone: '+1 999' });
      }
      return null;
    };
    const { record } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    const after = w.mailbox.peek(o.id)!;
    expect(after.jobTitle).toBe('From BC');
    expect(after.mobilePhone).toBe('+1 999');
    expect(w.bc.peek(a.id)?.mobilePhoneNumber).toBe('+1 999');
  });

  test('cancellation stops between chunks (the one in flight ends); the next run finishes the work', async () => {
    const w = new World();
    for (let n = 0; n < 50; n++) w.bc.seed(person(n));
    let chunks = 0;
    const cancelled = await w.sync('full', {
      hooks: {
        onProgress: (e) => {
          if (e.phase === 'outlook' && e.done > 0) chunks++;
        },
        cancel: { isCancelled: () => chunks >= 1 },
      },
    });
    expect(cancelled.record.status).toBe('cancelled');
    // Two chunks go out together (the second waits at the mailbox while the first is written):
    // the first ends and asks to stop, the second, already sent, ends too; the third never starts.
    expect(await w.outlook()).toHaveLength(40);
    const resumed = await w.sync('full');
    expect(resumed.record.counts.outlook.created).toBe(10);
    expect(await w.outlook()).toHaveLength(50);
  });

  test('progress events report done/total per phase', async () => {
    const w = new World();
    for (let n = 0; n < 25; n++) w.bc.seed(person(n));
    const events: ProgressEvent[] = [];
    await w.sync('full', { hooks: { onProgress: (e) => events.push(e) } });
    const outlook = events.filter((e) => e.phase === 'outlook');
    expect(outlook).toEqual([
      { phase: 'outlook', done: 0, total: 25 },
      { phase: 'outlook', done: 20, total: 25 },
      { phase: 'outlook', done: 25, total: 25 },
    ]);
    expect(events[0]).toEqual({ phase: 'reading', done: 0, total: 2 });
  });
});
