import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { person } from '../support/world.js';
import { CountingPacer, pacedEmulatorPerFile } from './paced-emulator.js';

// Two hosts (the pane's and the scheduler's) run full syncs of two users' BC companies into two
// folders of one mailbox (one token: one quota far below their writes), each under its own lease,
// pacer and state (paced-emulator.ts: one virtual clock, a hang is "stuck", not a timeout; one
// host's runs after another's: paced-hosts.test.ts). Not one path: the two hosts' requests
// interleave as the emulator's token checks (thread pool) end, so the counts vary from run to run
// (two runs: a pacer learned 99 to 182 calls per 20 or 30 s, or nothing: each sees only its own
// calls of a shared quota; 16 to 60 before the learned quota recovered, quota-pacer-shared.test).
// What must hold on every path is asserted: both runs succeed (no hang), each host's pacer booked
// exactly the items Graph admitted it, every contact is in its folder once, no delta page went in
// an envelope of writes (graph-delta.ts), and Graph refused some calls (nothing is paced before a
// quota 429, and the two hosts send more than the quota).

const QUOTA = 120;
const WINDOW_MS = 10_000;

const paced = pacedEmulatorPerFile(QUOTA, WINDOW_MS);

describe('two hosts write into one mailbox at once (virtual clock)', () => {
  test.each([[500], [700]])(
    '%i writes each: no hang, each admitted item booked once, every contact once, no page in a write envelope',
    async (writes) => {
      const token = await paced().userToken(
        `5b0c6f1e-5555-4000-8000-${String(writes).padStart(12, '0')}`,
        `both${writes}@contoso.test`,
      );
      const host = async (name: 'pane' | 'schedule', folderName: string, from: number) => {
        const clock = new ManualClock('2026-03-01T08:00:00.000Z');
        const bc = new MemoryBcContacts(clock);
        const store = new MemorySyncStateStore();
        const userId = `both${writes}${name}`;
        await store.putSettings(userId, { ...DEFAULT_SETTINGS, folderName });
        const ids = Array.from({ length: writes }, (_, k) => bc.seed(person(from + k)).id);
        const pacer = new CountingPacer(paced().vc.now);
        return {
          name,
          folderName,
          bc,
          store,
          userId,
          ids,
          pacer,
          clock,
          ...paced().hostMailbox(token, pacer),
        };
      };
      const hosts = [
        await host('pane', 'Sales', writes * 10),
        await host('schedule', 'Service', writes * 10 + 5_000),
      ];
      const outcomes = await paced().drive(
        Promise.all(
          hosts.map((h) =>
            runSync(
              { bc: h.bc, mailbox: h.mailbox, store: h.store, clock: h.clock, logger: silentLogger },
              { runId: h.name, userId: h.userId, mode: 'full', dryRun: false, trigger: h.name },
            ),
          ),
        ),
      );
      for (const [i, h] of hosts.entries()) {
        const { status, errors } = outcomes[i]!.record;
        expect({ host: h.name, status, errors }).toEqual({ host: h.name, status: 'succeeded', errors: [] });
        expect({ host: h.name, booked: h.pacer.booked }).toEqual({ host: h.name, booked: h.tally.admitted });
        expect({ host: h.name, deltaInWrites: h.tally.deltaInWrites }).toEqual({
          host: h.name,
          deltaInWrites: 0,
        });
        const folder = (await h.mailbox.findFolder(h.folderName))!;
        const outlook = await paced().drive(h.mailbox.listContacts(folder.id));
        expect(outlook.map((o) => o.bcId).sort()).toEqual([...h.ids].sort());
      }
      if (process.env.PACED_REPORT === '1') {
        const figures = hosts.map((h) => ({ ...h.tally, learned: h.pacer.learned }));
        process.stdout.write(`at once, ${writes}: ${JSON.stringify(figures)}\n`);
      }
      expect(hosts.some((h) => h.tally.throttled > 0)).toBe(true);
    },
  );
});
