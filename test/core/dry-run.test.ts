import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { USER, World, outlookPerson, person } from '../support/world.js';

// Lead finding (critical): a dry run (pane Preview, CLI --dry-run) must write nothing on any port.
// Every method that writes, on both ports, is watched; a dry run in any state calls none of them.

const MAILBOX_WRITES = [
  'ensureFolder',
  'create',
  'update',
  'delete',
] as const satisfies readonly (keyof Mailbox)[];
const BC_WRITES = ['create', 'update'] as const satisfies readonly (keyof BcContacts)[];

function watched<T extends object>(port: T, writes: readonly string[], calls: string[], side: string): T {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (writes.includes(String(prop)))
        return (...args: unknown[]) => {
          calls.push(`${side}.${String(prop)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

async function dryRun(w: World, mode: SyncMode): Promise<string[]> {
  const calls: string[] = [];
  w.clock.advance(60_000);
  const outcome = await runSync(
    {
      bc: watched(w.bc, BC_WRITES, calls, 'bc'),
      mailbox: watched(w.mailbox, MAILBOX_WRITES, calls, 'mailbox'),
      store: w.store,
      clock: w.clock,
      logger: silentLogger,
    },
    {
      runId: `dry-${w.clock.now()}`,
      userId: USER,
      mode,
      dryRun: true,
      trigger: 'pane',
      confirmMassDelete: false,
    },
    {},
  );
  expect(outcome.record.status).toBe('succeeded');
  return calls;
}

describe('a dry run writes nothing on any port', () => {
  test('the first Preview, before any sync: the Outlook folder is not created, and the plan creates every copy', async () => {
    const w = new World();
    w.bc.seed(person(1));
    w.bc.seed(person(2));
    expect(await dryRun(w, 'full')).toEqual([]);
    expect(w.mailbox.folderByName('Business Central')).toBeUndefined();
    const calls: string[] = [];
    const { plan } = await runSync(
      {
        bc: w.bc,
        mailbox: watched(w.mailbox, MAILBOX_WRITES, calls, 'mailbox'),
        store: w.store,
        clock: w.clock,
        logger: silentLogger,
      },
      { runId: 'dry-x', userId: USER, mode: 'full', dryRun: true, trigger: 'pane', confirmMassDelete: false },
      {},
    );
    expect(plan!.items.filter((i) => i.kind === 'createInOutlook')).toHaveLength(2);
    expect(calls).toEqual([]);
  });

  test('in any state (BC and Outlook contacts, synced or not, edited on either side), full or delta', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.boolean(), fc.nat(9)), { maxLength: 4 }),
        fc.constantFrom<SyncMode>('full', 'delta'),
        async (nBc, nOutlook, syncedFirst, edits, mode) => {
          const w = new World();
          const ids = Array.from({ length: nBc }, (_, n) => w.bc.seed(person(n + 1)).id);
          if (nOutlook > 0) {
            const folder = await w.mailbox.ensureFolder('Business Central');
            for (let n = 0; n < nOutlook; n++) w.mailbox.userCreate(folder.id, outlookPerson(n + 1));
          }
          if (syncedFirst) await w.sync('full');
          for (const [onBc, n] of edits) {
            const id = ids[n % Math.max(ids.length, 1)];
            if (id === undefined) continue;
            if (onBc) w.bc.edit(id, { jobTitle: `BC ${n}`, email2: n % 2 ? '' : `two${n}@contoso.com` });
            else {
              const o = (await w.outlookByBcId(id).catch(() => undefined)) ?? undefined;
              if (o) w.mailbox.userEdit(o.id, { jobTitle: `OL ${n}`, businessPhones: [`+1 555 ${n}`] });
            }
          }
          w.later();
          expect(await dryRun(w, mode)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 8010) },
    );
  });
});
