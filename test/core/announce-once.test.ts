/**
 * Issue 12 §2: a group's write calls of several kinds are announced (F114: counted as uncertain in
 * the record before they go out) in one save of the record, not one save each, one after another
 * (uncertain-writes.ts coalescedAnnounce). What that must keep: every call goes out only once a
 * save holding its own count has landed.
 */
import { notingSaves } from '../support/noting-saves.js';
import { describe, expect, test } from '@jest/globals';
import type { Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord, SideCounts } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { measuredRun } from '../support/round-trips.js';
import { deltaReady, person } from '../support/world.js';
import type { World } from '../support/world.js';

/** BC gains 2 people, 2 are edited and 1 is deleted: Outlook gets creates, updates and a delete. */
async function mixedBcChanges(): Promise<World> {
  const { w, ids } = await deltaReady(30);
  w.bc.seed(person(101));
  w.bc.seed(person(102));
  w.bc.edit(ids[0]!, { jobTitle: 'Edited in BC' });
  w.bc.edit(ids[1]!, { jobTitle: 'Edited in BC' });
  w.bc.remove(ids[2]!);
  return w;
}

describe("a group's Outlook writes are announced in one save", () => {
  test('creates, updates and a delete: one save before them, and they go out together', async () => {
    const w = await mixedBcChanges();
    const { result, rounds } = await measuredRun(w, 'delta', 'announce-once-1');
    expect(result.record.counts.outlook).toEqual({ created: 2, updated: 2, deleted: 1 });
    const written = rounds.findIndex((r) => r.includes('outlook.create'));
    // Before: three saves one after another, the calls in the rounds after each. The updates of
    // BC's changes were counted in a save made while the sides were read (updates-ahead.ts): they
    // go no later than the rest.
    expect(rounds[written]).toEqual(expect.arrayContaining(['outlook.create', 'outlook.delete']));
    expect(rounds.findIndex((r) => r.includes('outlook.update'))).toBeLessThanOrEqual(written);
    expect(rounds[written - 1]).toEqual(expect.arrayContaining(['store.saveRun']));
    const read = rounds.findIndex((r) => r.includes('outlook.getMany'));
    expect(
      rounds
        .slice(read, written)
        .flat()
        .filter((c) => c === 'store.saveRun'),
    ).toHaveLength(1);
  });

  test('each call goes out once a saved record counts it as uncertain (F114)', async () => {
    const w = await mixedBcChanges();
    let saved: RunRecord | null = null;
    const store = notingSaves(w.store, (record) => {
      saved = record;
    });
    const seen: [keyof SideCounts, number, number][] = [];
    const counted = (kind: keyof SideCounts, n: number) =>
      seen.push([kind, n, (saved as RunRecord | null)?.uncertain?.outlook[kind] ?? 0]);
    const mailbox = new Proxy(w.mailbox, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        const kind = ({ create: 'created', update: 'updated', delete: 'deleted' } as const)[
          prop as 'create' | 'update' | 'delete'
        ];
        if (kind !== undefined)
          return (folderId: string, items: readonly unknown[]) => {
            counted(kind, items.length);
            return (value as (f: string, i: readonly unknown[]) => ReturnType<Mailbox['create']>).call(
              target,
              folderId,
              items,
            );
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    w.clock.advance(60_000);
    const { record } = await runSync(
      { bc: w.bc, mailbox, store, clock: w.clock, logger: silentLogger },
      { runId: 'announce-once-2', userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
    );
    expect(record.status).toBe('succeeded');
    expect(seen.map(([kind]) => kind).sort()).toEqual(['created', 'deleted', 'updated']);
    for (const [kind, n, inRecord] of seen) expect([kind, inRecord >= n]).toEqual([kind, true]);
    // Every call answered: the record the run ends with says nothing is uncertain (F126).
    expect(record.uncertain).toBeUndefined();
  });
});
