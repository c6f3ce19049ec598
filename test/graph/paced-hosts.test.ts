import { describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { person } from '../support/world.js';
import { pacedEmulatorPerFile, twoHostRuns } from './paced-emulator.js';

// Lead's list, item 2 (in part): runs paced by a quota far below a first sync's writes (the
// emulator's sliding window, each $batch item admitted or answered 429 with Retry-After), so each
// host's pacer learns the quota from 429s, with 420 then 300 writes, on two hosts of one user (the
// pane's and the scheduler's: each its own pacer, one sync state), one after the other both ways
// (test/graph/paced-emulator.ts: one virtual clock; a hang is "stuck", not a timeout). After each
// run: it succeeded, every BC contact is in Outlook exactly once, and the host's pacer booked each
// item Graph admitted once (Graph's 429s are not booked), and no delta page went in an envelope of
// writes. Two hosts writing at once: test/graph/paced-at-once.test.ts.

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
      const oid = `5b0c6f1e-5555-4000-8000-${String(n).padStart(12, '0')}`;
      // Signed once, outside the virtual clock's drive (signing waits on the thread pool).
      const token = await paced().userToken(oid, `paced${n}@contoso.test`);
      const run = twoHostRuns(paced(), { token, userId: `paced${n}`, bc, store, clock, ids });

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
