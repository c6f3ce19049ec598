import { describe, expect, test } from '@jest/globals';
import { IN_TURN_FRESH_MS } from '../../src/core/lease.js';
import type { Clock } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import type { LeaseFence, RecordCommit, SyncStateStore } from '../../src/core/state-store-port.js';
import { LEASE_TTL_MS, runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { QuotaPacer } from '../../src/graph/quota-pacer.js';
import { person } from '../support/world.js';
import { pacedEmulatorPerFile } from './paced-emulator.js';

/*
 * A first full sync of 1,000 contacts (one create call of 50 envelopes) paced at 100 calls per 2 s
 * (Graph emulator, one virtual clock for Graph and the run): the run's record is saved before a
 * send in its turn only once IN_TURN_FRESH_MS passed since its last save (run.ts `inTurn`), not
 * before every envelope (04492f9: 49 saves more in this call). Checked both ways: the saves are
 * few, and every write envelope went within IN_TURN_FRESH_MS of a save the store took — what a
 * cancel marked at another process may still let go (README "Cancelling a run").
 */

const QUOTA = 100;
const WINDOW_MS = 2_000;
const N = 1_000;
const paced = pacedEmulatorPerFile(QUOTA, WINDOW_MS);

/** A memory store whose fenced saves of run records are noted at `now`. */
class SavesNoted extends MemorySyncStateStore {
  readonly saves: number[] = [];
  constructor(private readonly now: () => number) {
    super();
  }
  override fenced(fence: LeaseFence): SyncStateStore {
    const view = super.fenced(fence);
    const save = view.saveRun.bind(view);
    return Object.assign(view, {
      saveRun: (run: RunRecord, commit?: RecordCommit) => {
        this.saves.push(this.now());
        return save(run, commit);
      },
    });
  }
}

describe('a paced create call of 50 envelopes saves the run record once a while, not per envelope', () => {
  test('1,000 creates at 100 calls per 2 s: few saves, each envelope within the bound of one', async () => {
    const world = paced();
    const start = Date.parse('2026-03-01T08:00:00.000Z');
    const clock: Clock = {
      now: () => new Date(start + world.vc.now()).toISOString(),
      monotonicMs: () => world.vc.now(),
      shift: (iso, ms) => new Date(Date.parse(iso) + ms).toISOString(),
    };
    const bc = new MemoryBcContacts(new ManualClock('2026-03-01T08:00:00.000Z'));
    for (let i = 1; i <= N; i++) bc.seed(person(i));
    const store = new SavesNoted(world.vc.now);
    const token = await world.userToken('5b0c6f1e-5555-4000-8000-00000000f5e5', 'saves@contoso.test');
    const envelopes: number[] = [];
    const { mailbox } = world.hostMailbox(
      token,
      new QuotaPacer(world.vc.now, { quota: QUOTA, windowMs: WINDOW_MS }),
      (url, body) => {
        if (url.endsWith('/$batch') && body?.includes('"POST"')) envelopes.push(world.vc.now());
      },
    );
    const { record } = await world.drive(
      runSync(
        { bc, mailbox, store, clock, logger: silentLogger },
        { runId: 'saves', userId: 'saves', mode: 'full', dryRun: false, trigger: 'pane' },
      ),
    );
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.created).toBe(N);
    // 50 envelopes (one more when a delta page rode in one and displaced an item).
    expect(envelopes.length).toBeGreaterThanOrEqual(N / 20);
    const sending = (envelopes.at(-1) as number) - (envelopes[0] as number);
    // Paced: the call took several times the bound (about 10 windows).
    expect(sending).toBeGreaterThan(3 * IN_TURN_FRESH_MS);
    // Every envelope went within the bound of a save before it.
    const late = envelopes.filter(
      (t) => t - Math.max(...store.saves.filter((s) => s <= t)) >= IN_TURN_FRESH_MS,
    );
    expect(late).toEqual([]);
    // Saves while the envelopes went: one per bound passed (and the lease's renewals, each with a
    // checkpoint: one per quarter of its TTL), not one per envelope (49 more before).
    const during = store.saves.filter(
      (s) => s > (envelopes[0] as number) && s <= (envelopes.at(-1) as number),
    );
    if (process.env.PACED_REPORT === '1')
      process.stdout.write(`${JSON.stringify({ saves: store.saves, envelopes, sendingMs: sending })}\n`);
    expect(during.length).toBeLessThanOrEqual(
      Math.ceil(sending / IN_TURN_FRESH_MS) + Math.ceil(sending / (LEASE_TTL_MS / 4)),
    );
  });
});
