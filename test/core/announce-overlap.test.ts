/**
 * Issue 12 (delta-bc-1pct): the save announcing a write call (F114: its count in the record; V10:
 * a cancel marked at any process is seen) was a store round trip between the plan and the call's
 * preparation. With a mailbox that asks its SendAgain right before each request it sends
 * (Mailbox.asksBeforeEverySend, Graph's), the call is made while the save is out and only its
 * wire waits for the save (uncertain-writes.ts `sendingAsked`). What must hold: nothing reaches
 * the mailbox before that save answered, and a refused save sends nothing and counts nothing.
 */
import { describe, expect, test } from '@jest/globals';
import { CancelRequestedError } from '../../src/core/run-errors.js';
import type { Mailbox, SendAgain } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SideCounts } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { aroundFencedSaves } from '../support/noting-saves.js';
import { deltaReady, person } from '../support/world.js';
import type { World } from '../support/world.js';

const WRITES = ['create', 'update', 'delete'] as const;
type Write = (typeof WRITES)[number];
const KIND: Record<Write, keyof SideCounts> = { create: 'created', update: 'updated', delete: 'deleted' };

/** `inner` as a mailbox that asks its SendAgain before each write reaches it (Graph's `paced`), noting both. */
function askingMailbox(inner: Mailbox, log: string[]): Mailbox {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'asksBeforeEverySend') return true;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!(WRITES as readonly PropertyKey[]).includes(prop))
        return (value as (...a: unknown[]) => unknown).bind(target);
      return async (folderId: string, items: readonly unknown[], again?: SendAgain) => {
        log.push(`${String(prop)} called`);
        if (again && !(await again('inTurn'))) throw new Error('refused at the gate');
        log.push(`${String(prop)} sent`);
        return (value as (f: string, i: readonly unknown[]) => Promise<unknown>).call(
          target,
          folderId,
          items,
        );
      };
    },
  });
}

/** BC changes that make `write` the run's only Outlook write call. */
async function worldFor(write: Write): Promise<World> {
  const { w, ids } = await deltaReady(30);
  if (write === 'create') w.bc.seed(person(101));
  if (write === 'update') w.bc.edit(ids[0]!, { jobTitle: 'Edited in BC' });
  if (write === 'delete') w.bc.remove(ids[0]!);
  w.clock.advance(60_000);
  return w;
}

/** A few event-loop turns: what a store round trip gives the rest of the run to do meanwhile. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('a write call is prepared while the save announcing it is out', () => {
  test.each(WRITES)('%s: made before the announce answered, sent only after it', async (write) => {
    const w = await worldFor(write);
    const log: string[] = [];
    const store = aroundFencedSaves(w.store, async (record, _commit, send) => {
      const announces = (record.uncertain?.outlook[KIND[write]] ?? 0) > 0;
      if (announces) log.push('announce out');
      await turns(5);
      await send();
      if (announces) log.push('announce answered');
    });
    const { record } = await runSync(
      { bc: w.bc, mailbox: askingMailbox(w.mailbox, log), store, clock: w.clock, logger: silentLogger },
      { runId: `overlap-${write}`, userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
    );
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook[KIND[write]]).toBe(1);
    // Before: the call was made once the announce answered, its preparation one round trip later.
    expect(log).toEqual(['announce out', `${write} called`, 'announce answered', `${write} sent`]);
  });

  test.each(WRITES)(
    '%s: an announce refused for a cancel sends nothing and counts nothing',
    async (write) => {
      const w = await worldFor(write);
      const log: string[] = [];
      const store = aroundFencedSaves(w.store, async (record, _commit, send) => {
        if ((record.uncertain?.outlook[KIND[write]] ?? 0) > 0) {
          await turns(5);
          throw new CancelRequestedError();
        }
        await send();
      });
      const { record } = await runSync(
        { bc: w.bc, mailbox: askingMailbox(w.mailbox, log), store, clock: w.clock, logger: silentLogger },
        {
          runId: `refused-${write}`,
          userId: 'ann@contoso.com',
          mode: 'delta',
          dryRun: false,
          trigger: 'pane',
        },
      );
      expect(record.status).toBe('cancelled');
      expect(log).toEqual([`${write} called`]);
      expect(record.counts.outlook[KIND[write]]).toBe(0);
      expect(record.uncertain).toBeUndefined();
    },
  );

  test('a mailbox that does not ask is called only once the announce answered', async () => {
    const w = await worldFor('update');
    const log: string[] = [];
    const plain = new Proxy(w.mailbox, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (prop !== 'update') return (value as (...a: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          log.push('update called');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const store = aroundFencedSaves(w.store, async (record, _commit, send) => {
      const announces = (record.uncertain?.outlook.updated ?? 0) > 0;
      await turns(5);
      await send();
      if (announces) log.push('announce answered');
    });
    const { record } = await runSync(
      { bc: w.bc, mailbox: plain, store, clock: w.clock, logger: silentLogger },
      { runId: 'plain', userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
    );
    expect(record.status).toBe('succeeded');
    expect(log).toEqual(['announce answered', 'update called']);
  });
});
