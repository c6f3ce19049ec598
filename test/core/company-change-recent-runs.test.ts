/**
 * Review R2 (fixed here): F86's stop (a run for another company than the state's fails `companyChanged` and
 * writes nothing "until access is given back", README "Company access") is decided on the state's
 * company and folder as the 20 newest run records name them (state-origin.ts RECENT_RUNS). The
 * failed runs name neither (run.ts: the company check comes before the folder is named), so once
 * 20 of them are the newest — a schedule every hour for a day, a user pressing Sync — the state
 * names no company and no folder, and the next run for the other company goes on against the
 * old company's links: with a mass delete confirmed (as F86's named example does), every copy of
 * the old company is deleted and the other company's contacts are copied in.
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import type { RunRecord } from '../../src/core/records.js';
import { RECENT_RUNS } from '../../src/core/state-origin.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { USER, person } from '../support/world.js';

describe('F86 after many refused runs (R2)', () => {
  test('R2: the 21st run for another company is still refused; the old company’s copies stay', async () => {
    const clock = new ManualClock();
    const mailbox = new MemoryMailbox();
    const store = new MemorySyncStateStore();
    const A = new MemoryBcContacts(clock, 'aaaa0000-0000-0000-0000-00000000000a');
    const B = new MemoryBcContacts(clock, 'bbbb0000-0000-0000-0000-00000000000b');
    for (let n = 1; n <= 5; n++) A.seed(person(n));
    B.seed(person(99, { email: 'only@adatum.example' }));
    let runs = 0;
    const sync = async (bc: MemoryBcContacts): Promise<RunRecord> => {
      clock.advance(60 * 60_000);
      const { record } = await runSync(
        { bc, mailbox, store, clock, logger: silentLogger },
        {
          runId: `run-${++runs}`,
          userId: USER,
          mode: 'delta',
          dryRun: false,
          trigger: 'schedule',
          confirmMassDelete: true,
        },
      );
      return record;
    };
    const copies = () =>
      mailbox
        .folderContacts(mailbox.folderByName('Business Central')!.id)
        .map((c) => c.bcId)
        .sort();
    expect((await sync(A)).status).toBe('succeeded');
    const ofA = (await A.listAll()).map((c) => c.id).sort();
    expect(copies()).toEqual(ofA);

    const codes: string[] = [];
    for (let n = 0; n <= RECENT_RUNS; n++) {
      const r = await sync(B);
      codes.push(`${r.status}:${r.errors.map((e) => e.code).join(',')}`);
    }
    expect({ codes, copies: copies() }).toEqual({
      codes: Array.from({ length: RECENT_RUNS + 1 }, () => 'failed:companyChanged'),
      copies: ofA,
    });
  });
});
