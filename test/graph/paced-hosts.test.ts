import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { person } from '../support/world.js';
import { CountingPacer } from './held-graph.js';
import { pacedEmulatorPerFile } from './paced-emulator.js';

// Lead's list, item 2 (in part): runs paced by a quota far below a first sync's writes (the
// emulator's sliding window, each $batch item admitted or answered 429 with Retry-After), so each
// host's pacer learns the quota from 429s, with 420 then 300 writes, on two hosts of one user (the
// pane's and the scheduler's: each its own pacer, one sync state), one after the other both ways
// (test/graph/paced-emulator.ts: one virtual clock; a hang is "stuck", not a timeout). After each
// run: it succeeded, every BC contact is in Outlook exactly once, and the host's pacer booked each
// item Graph admitted once (Graph's 429s are not booked; test/graph/rider-quota.test.ts). No page
// rides here: 420 writes go in groups of 200, 200 and 20, and the echo round starts early
// (EchoRound.tail: 100 to 200 writes still out) only if the 20 answer before the second 200; 300
// go in two groups of 160. Pages riding under the quota: test/graph/paced-rides.test.ts.

const QUOTA = 120;
const WINDOW_MS = 10_000;

const paced = pacedEmulatorPerFile(QUOTA, WINDOW_MS);

describe('paced runs on two hosts, each learning the quota from 429s (virtual clock)', () => {
  test.each([
    ['pane then schedule', ['pane', 'schedule', 'pane']],
    ['schedule then pane', ['schedule', 'pane', 'schedule']],
  ] as const)(
    '%s: no hang, each admitted item booked once, every contact once',
    async (_name, hosts) => {
      const n = hosts[0] === 'pane' ? 1 : 2;
      const clock = new ManualClock('2026-03-01T08:00:00.000Z');
      const bc = new MemoryBcContacts(clock);
      const store = new MemorySyncStateStore();
      const ids = Array.from({ length: 420 }, (_, k) => bc.seed(person(n * 1000 + k)).id);
      const pacers = { pane: new CountingPacer(paced().vc.now), schedule: new CountingPacer(paced().vc.now) };
      const oid = `5b0c6f1e-5555-4000-8000-${String(n).padStart(12, '0')}`;
      let runs = 0;
      // Signed once, outside the virtual clock's drive (signing waits on the thread pool).
      const token = await paced().userToken(oid, `paced${n}@contoso.test`);
      const run = async (host: 'pane' | 'schedule', mode: SyncMode) => {
        const booked = pacers[host].booked;
        const { mailbox, tally } = paced().hostMailbox(token, pacers[host]);
        clock.advance(10 * 60_000);
        const outcome = await paced().drive(
          runSync(
            { bc, mailbox, store, clock, logger: silentLogger },
            {
              runId: `${host}-${++runs}`,
              userId: `paced${n}`,
              mode,
              dryRun: false,
              trigger: host === 'pane' ? 'pane' : 'schedule',
            },
          ),
        );
        expect({ host, status: outcome.record.status, errors: outcome.record.errors }).toEqual({
          host,
          status: 'succeeded',
          errors: [],
        });
        expect({ host, booked: pacers[host].booked - booked }).toEqual({
          host,
          booked: tally.admitted,
        });
        const folder = (await mailbox.findFolder('Business Central'))!;
        const outlook = await paced().drive(mailbox.listContacts(folder.id));
        expect(outlook.map((o) => o.bcId).sort()).toEqual([...ids].sort());
        return tally;
      };

      const first = await run(hosts[0], 'full');
      // The quota was met and learned: Graph answered 429s on the way.
      expect(first.throttled).toBeGreaterThan(0);
      // Changes for the next hosts: new BC contacts and edits.
      for (let k = 0; k < 300; k++) ids.push(bc.seed(person(n * 1000 + 500 + k)).id);
      for (const id of ids.slice(0, 20)) bc.edit(id, { jobTitle: `edited ${n}` });
      await run(hosts[1], 'delta');
      for (let k = 0; k < 10; k++) ids.push(bc.seed(person(n * 1000 + 900 + k)).id);
      await run(hosts[2], 'delta');
    },
    600_000,
  );
});
