/**
 * F86: the sync state (links, cursor, conflicts) belongs to one BC company. A run whose BC port
 * names another company (an access change picked another one) must not plan the state's copies
 * "deleted in Business Central" nor copy the other company's contacts into the folder: it stops
 * before reading, with `companyChanged`, and the next run for the state's company goes on.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { silentLogger } from '../../src/core/ports.js';
import type { BcContacts } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { USER, person } from '../support/world.js';

/** One user, one mailbox and state store, and two companies' BC contacts. */
class TwoCompanies {
  readonly clock = new ManualClock();
  readonly mailbox = new MemoryMailbox();
  readonly store = new MemorySyncStateStore();
  readonly companies = {
    A: new MemoryBcContacts(this.clock, 'AAAA0000-0000-0000-0000-00000000000A'),
    B: new MemoryBcContacts(this.clock, 'bbbb0000-0000-0000-0000-00000000000b'),
  };
  private runs = 0;

  async sync(company: 'A' | 'B' | BcContacts, mode: SyncMode, confirmMassDelete = false): Promise<RunRecord> {
    this.clock.advance(60_000);
    const { record } = await runSync(
      {
        bc: typeof company === 'string' ? this.companies[company] : company,
        mailbox: this.mailbox,
        store: this.store,
        clock: this.clock,
        logger: silentLogger,
      },
      {
        runId: `run-${++this.runs}`,
        userId: USER,
        mode,
        dryRun: false,
        trigger: 'schedule',
        confirmMassDelete,
      },
    );
    return record;
  }

  /** The BC ids the folder's copies carry, sorted. */
  copies(): string[] {
    const folder = this.mailbox.folderByName('Business Central');
    return folder
      ? this.mailbox
          .folderContacts(folder.id)
          .map((c) => c.bcId)
          .sort()
      : [];
  }

  async ids(company: 'A' | 'B'): Promise<string[]> {
    return (await this.companies[company].listAll()).map((c) => c.id).sort();
  }
}

const none = { created: 0, updated: 0, deleted: 0 };

describe('a run for another company than the state belongs to stops before reading (F86)', () => {
  test('the named example: synced with A, a run with B (mass delete confirmed) writes nothing; A goes on', async () => {
    const w = new TwoCompanies();
    for (let n = 1; n <= 5; n++) w.companies.A.seed(person(n));
    w.companies.B.seed(person(99, { email: 'only@adatum.example' }));
    expect(await w.sync('A', 'full')).toMatchObject({
      status: 'succeeded',
      companyId: w.companies.A.companyId,
    });
    expect(w.copies()).toEqual(await w.ids('A'));

    const other = await w.sync('B', 'delta', true);
    expect(other.status).toBe('failed');
    expect(other.errors).toEqual([
      {
        side: 'run',
        id: other.id,
        code: 'companyChanged',
        params: { from: w.companies.A.companyId, to: w.companies.B.companyId },
      },
    ]);
    // It claims nothing: its record names the state's company, carried over (review R2).
    expect(other.companyId).toBe(w.companies.A.companyId);
    expect(other.counts).toEqual({ bc: none, outlook: none });
    expect(w.copies()).toEqual(await w.ids('A'));
    // BC ids are GUIDs and compare case-blind: company A named in lower case is no change.
    const lower = Object.create(w.companies.A, {
      companyId: { value: w.companies.A.companyId!.toLowerCase() },
    }) as MemoryBcContacts;
    expect(await w.sync(lower, 'delta')).toMatchObject({
      status: 'succeeded',
      counts: { bc: none, outlook: none },
    });
    expect(await w.sync('A', 'full')).toMatchObject({
      status: 'succeeded',
      counts: { bc: none, outlook: none },
    });
  });

  test('F95: a state saved before records named its company is not claimed by a run that is held or fails', async () => {
    const w = new TwoCompanies();
    for (let n = 1; n <= 5; n++) w.companies.A.seed(person(n));
    w.companies.B.seed(person(99, { email: 'only@adatum.example' }));
    expect((await w.sync('A', 'full')).status).toBe('succeeded');
    // As stored before F86: no record names a company (the memory fake's links name none either).
    for (const r of await w.store.listRuns(USER, 20)) {
      const { companyId: _dropped, ...old } = r;
      await w.store.saveRun(old);
    }
    const held = await w.sync('B', 'full');
    expect(held).toMatchObject({ status: 'held', counts: { bc: none, outlook: none } });
    expect(held.companyId).toBeUndefined();
    // The state's own company goes on and names itself; the other is then stopped before reading.
    expect(await w.sync('A', 'delta')).toMatchObject({
      status: 'succeeded',
      companyId: w.companies.A.companyId,
    });
    expect((await w.sync('B', 'delta')).errors.at(-1)?.code).toBe('companyChanged');
    expect(w.copies()).toEqual(await w.ids('A'));
  });

  test('property: any sequence of runs, edits and access changes keeps the folder one company’s, never deleting a live contact', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('run' as const),
        company: fc.constantFrom('A' as const, 'B' as const),
        mode: fc.constantFrom('delta' as const, 'full' as const),
        confirm: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('add' as const),
        company: fc.constantFrom('A' as const, 'B' as const),
        n: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({
        kind: fc.constant('remove' as const),
        company: fc.constantFrom('A' as const, 'B' as const),
        pick: fc.nat(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const w = new TwoCompanies();
        for (let n = 1; n <= 3; n++) w.companies.A.seed(person(n));
        for (let n = 1; n <= 2; n++) w.companies.B.seed(person(100 + n));
        let owner: 'A' | 'B' | null = null;
        for (const s of steps) {
          if (s.kind === 'add') w.companies[s.company].seed(person(200 + s.n));
          else if (s.kind === 'remove') {
            const ids = await w.ids(s.company);
            if (ids.length > 0) w.companies[s.company].remove(ids[s.pick % ids.length]!);
          } else {
            const before = w.copies();
            const record = await w.sync(s.company, s.mode, s.confirm);
            if (owner === null && record.status === 'succeeded') owner = s.company;
            if (owner !== null && s.company !== owner) {
              // The other company: stopped, nothing written, the folder as it was.
              expect(record.errors.at(-1)?.code).toBe('companyChanged');
              expect(record.counts).toEqual({ bc: none, outlook: none });
              expect(w.copies()).toEqual(before);
            } else if (record.status === 'succeeded') {
              // The state's company: the folder holds its contacts, each once, no other company's.
              expect(w.copies()).toEqual(await w.ids(s.company));
            }
            // No copy of a contact that still lives in the state's company is ever removed.
            if (owner !== null) {
              const live = new Set(await w.ids(owner));
              for (const id of before) if (live.has(id)) expect(w.copies()).toContain(id);
            }
          }
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 8086) },
    );
  });
});
