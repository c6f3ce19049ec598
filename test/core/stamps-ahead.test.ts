/**
 * F114 with the BC id stamps counted ahead (core/uncertain-writes.ts UpdatesAhead, issue 12
 * delta-outlook-1pct): the stamp an Outlook contact gets after its BC create is counted as an
 * uncertain Outlook update in the save that announces the creates, before either call goes out,
 * not in a save of its own between BC's answer and the stamps. A stamp that never goes out (its
 * create refused, or the creates' call failed) stops counting: the record ends with none.
 */
import { describe, expect, test } from '@jest/globals';
import { zeroCounts } from '../../src/core/records.js';
import { UpdatesAhead } from '../../src/core/uncertain-writes.js';
import type { BcContactDraft, WriteOutcome } from '../../src/core/ports.js';
import type { BcContact } from '../../src/core/model.js';
import type { SideCounts } from '../../src/core/records.js';
import { outlookPerson } from '../support/world.js';
import { deltaReady } from '../support/world.js';
import type { World } from '../support/world.js';

/** Five new Outlook contacts, and the uncertain counts of every running record saved from now on. */
async function fiveNew(): Promise<{ w: World; saved: { bc?: SideCounts; outlook?: SideCounts }[] }> {
  const { w } = await deltaReady(10);
  const folder = await w.folder();
  for (let i = 1; i <= 5; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
  const saved: { bc?: SideCounts; outlook?: SideCounts }[] = [];
  const saveRun = w.store.saveRun.bind(w.store);
  w.store.saveRun = async (record) => {
    if (record.status === 'running' && record.uncertain) saved.push({ ...record.uncertain });
    return saveRun(record);
  };
  return { w, saved };
}

describe('BC id stamps counted with their creates (F114)', () => {
  test('the save before the creates go out counts their stamps too; a succeeded run ends with none uncertain', async () => {
    const { w, saved } = await fiveNew();
    let before: { bc?: SideCounts; outlook?: SideCounts } | undefined;
    const create = w.bc.create.bind(w.bc);
    w.bc.create = async (drafts: readonly BcContactDraft[]) => {
      before = saved.at(-1);
      return create(drafts);
    };
    const { record } = await w.sync('delta');
    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.created).toBe(5);
    expect(before?.bc?.created).toBe(5);
    expect(before?.outlook?.updated).toBe(5);
    expect(record.uncertain).toBeUndefined();
    expect((await w.outlook()).every((o) => o.bcId !== '')).toBe(true);
  });

  test('creates BC refuses: their stamps stop counting, the record keeps none of them', async () => {
    const { w } = await fiveNew();
    const create = w.bc.create.bind(w.bc);
    // BC refuses two of the five (invalid content); the other three are created and stamped.
    w.bc.create = async (drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]> => {
      const out = await create(drafts.slice(2));
      return [
        ...drafts
          .slice(0, 2)
          .map(() => ({ ok: false as const, error: { kind: 'invalid' as const, message: 'no' } })),
        ...out,
      ];
    };
    const { record } = await w.sync('delta');
    expect(record.counts.bc.created).toBe(3);
    expect(record.counts.outlook.updated).toBe(0);
    expect(record.uncertain?.outlook.updated ?? 0).toBe(0);
  });

  test('the creates call fails: no stamp goes out, and none is left counted', async () => {
    const { w } = await fiveNew();
    w.bc.create = async () => {
      throw new Error('fetch failed');
    };
    const record = await w.sync('delta').then(
      (o) => o.record,
      async () => (await w.store.listRuns((await w.scope()).userId, 1))[0]!,
    );
    expect(record.status).toBe('failed');
    expect(record.uncertain?.outlook.updated ?? 0).toBe(0);
    expect(record.uncertain?.bc.created).toBe(5);
  });
});

describe('UpdatesAhead counts each Outlook contact once', () => {
  test.each([
    ['released', (a: UpdatesAhead) => a.release(['ol-1'])],
    ['released with the rest', (a: UpdatesAhead) => a.releaseAll()],
    ['taken by its call', (a: UpdatesAhead) => void a.take(['ol-1'])],
  ])('counted twice, then %s: it no longer counts', (_name, end) => {
    const ledger = { uncertain: zeroCounts() };
    const ahead = new UpdatesAhead(ledger);
    ahead.count(['ol-1']);
    ahead.count(['ol-1']);
    expect(ledger.uncertain.outlook.updated).toBe(1);
    end(ahead);
    // taken: its call now holds the one count; released: none is left
    expect(ledger.uncertain.outlook.updated).toBe(_name === 'taken by its call' ? 1 : 0);
  });
});
