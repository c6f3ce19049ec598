/**
 * F114 on BC's side of a delta with Outlook edits and new Outlook contacts (delta-outlook-1pct's
 * kind): every BC create and update call goes out only once a saved record of the run counts its
 * items as uncertain. Issue 12's changes move these calls around (updates beside the creates, after
 * them, announced with the group's start instead of a save of their own): wherever they go, the
 * record saved before each call must hold its count.
 */
import { describe, expect, test } from '@jest/globals';
import type { BcContacts } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord, SideCounts } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { notingSaves } from '../support/noting-saves.js';
import { deltaReady, editedAndNewInOutlook } from '../support/world.js';

describe("a delta's BC writes beside its creates (F114)", () => {
  test('each BC create and update call goes out once a saved record counts it as uncertain', async () => {
    const { w } = await deltaReady(30);
    // Five pairs edited on both sides (BC's update, then Outlook's), five edited in Outlook only
    // (BC's update needs no Outlook write) and five new Outlook contacts (BC's creates).
    const both = (await w.outlook()).slice(10, 15);
    for (const o of both) {
      w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
      w.bc.edit(o.bcId, { city: 'Edited in BC' });
    }
    await editedAndNewInOutlook(w);
    let last: RunRecord | null = null;
    const store = notingSaves(w.store, (record) => (last = record));
    const seen: [keyof SideCounts, number, number][] = [];
    const counted = (kind: keyof SideCounts, n: number) =>
      seen.push([kind, n, (last as RunRecord | null)?.uncertain?.bc[kind] ?? 0]);
    const bc = new Proxy(w.bc, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        const kind = ({ create: 'created', update: 'updated' } as const)[prop as 'create' | 'update'];
        if (kind !== undefined)
          return (items: readonly unknown[]) => {
            counted(kind, items.length);
            return (value as (i: readonly unknown[]) => unknown).call(target, items);
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as BcContacts;
    w.clock.advance(60_000);
    const { record } = await runSync(
      { bc, mailbox: w.mailbox, store, clock: w.clock, logger: silentLogger },
      {
        runId: 'bc-writes-announced',
        userId: 'ann@contoso.com',
        mode: 'delta',
        dryRun: false,
        trigger: 'pane',
      },
    );
    expect(record.status).toBe('succeeded');
    expect(record.counts.bc).toEqual({ created: 5, updated: 10, deleted: 0 });
    expect(seen.filter(([kind]) => kind === 'created').reduce((n, [, k]) => n + k, 0)).toBe(5);
    expect(seen.filter(([kind]) => kind === 'updated').reduce((n, [, k]) => n + k, 0)).toBe(10);
    for (const [kind, n, inRecord] of seen) expect([kind, n, inRecord >= n]).toEqual([kind, n, true]);
    expect(record.uncertain).toBeUndefined();
  });
});
