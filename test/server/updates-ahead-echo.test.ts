/**
 * Attack 2026-12-07, fault 1: a delta counted every linked contact BC reported changed as an
 * uncertain Outlook update (updates-ahead.ts) and saved that count while Graph still read. The
 * facade's BC delta token reports ~2 min before its issue again (bc-delta-token.ts
 * TRACKING_MARGIN_MS), and every write a run makes in BC after its read comes back in the next
 * delta: the runs' own echoes, which the plan never sends to Outlook. A run killed before its first
 * write then said hundreds of writes "were sent without an answer" and its folder was kept for the
 * write settle (dead-holder-keep.ts). Now only the contacts whose BC values moved from their
 * link's base are counted ahead (updatesAheadOf).
 *
 * Over every host (the pane's engine over the sync API, the scheduler's on the SQL store, the
 * scheduler in store mode, the CLI in process) and every port call at which its process can die
 * (while reading, after the count ahead was saved, after writes were sent): the dead run's record
 * counts no more uncertain Outlook updates than the updates its plan makes, and a delta whose BC
 * changes are its own echoes counts none — its dead holder's lease is freed at once.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_WRITE_SETTLE_MS } from '../../src/core/lease.js';
import { keepDeadHoldersLease } from '../../src/store/dead-holder-keep.js';
import { uncertainTotal } from '../../src/core/uncertain-writes.js';
import { CrashSeat } from '../support/crash-hosts.js';
import type { HostName } from '../support/crash-hosts.js';
import { UncertainWorld } from '../support/uncertain-world.js';
import { outlookPerson } from '../support/world.js';

let world: UncertainWorld;
beforeAll(async () => {
  world = await UncertainWorld.start('inProcess');
});
afterAll(async () => {
  await world.close();
});

const HOSTS: HostName[] = ['pane', 'schedule', 'scheduleStore', 'cli'];
let seats = 9300;

/**
 * A seat whose last (full) run made `echoes` BC contacts from Outlook ones (BC reports them again:
 * the run's own writes after its read), then `edits` of them edited in BC by a user.
 */
async function echoedSeat(echoes: number, edits: number): Promise<CrashSeat> {
  const seat = await CrashSeat.open(world, ++seats);
  const folder = await seat.folder();
  const drafts = Array.from({ length: echoes }, (_, i) =>
    outlookPerson(600 + i, { emailAddresses: [{ address: `echo${i}.${seat.n}@fabrikam.com`, name: '' }] }),
  );
  expect((await seat.mailboxDirect.create(folder.id, drafts)).every((r) => r.ok)).toBe(true);
  expect((await seat.run('schedule', 'full', null, null).done)?.record.counts.bc.created).toBe(echoes);
  for (const b of (await seat.bcAll()).slice(0, edits)) {
    const [r] = await seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: 'Edited in BC' } }]);
    expect(r?.ok).toBe(true);
  }
  return seat;
}

/**
 * Kills `host`'s delta at each of its port calls in turn (before it, then after it was applied),
 * until a run goes through; per stop: the dead run's record's uncertain counts and its lease keep.
 */
async function everyDeath(seat: CrashSeat, host: HostName) {
  const seen: { at: string; uncertain: number; outlookUpdated: number; kept: string | null }[] = [];
  for (let at = 1; at < 400; at++) {
    for (const after of [false, true]) {
      const run = seat.run(host, 'delta', null, { at, how: 'die', after });
      const outcome = await run.done;
      if (outcome !== null) return { seen, outcome };
      const record = await seat.store.getRun(seat.userId, run.runId);
      const lease = (
        (await seat.leases()) as { key: string; owner: string; expires_at: Date | string }[]
      ).find((l) => l.owner === run.runId);
      const now = world.facade.clock.now();
      const expiresAt = lease ? new Date(lease.expires_at).toISOString() : now;
      const kept = lease
        ? await keepDeadHoldersLease(world.facade.db, { ...lease, expiresAt }, now, DEFAULT_WRITE_SETTLE_MS)
        : null;
      seen.push({
        at: `${at}${after ? ' after' : ''}`,
        uncertain: uncertainTotal(record?.uncertain),
        outlookUpdated: record?.uncertain?.outlook.updated ?? 0,
        kept,
      });
    }
  }
  throw new Error('the delta never went through');
}

describe('updates counted ahead: only BC changes the plan may send to Outlook (attack fault 1)', () => {
  test.each(HOSTS)(
    '%s: a delta whose BC changes are its own echoes counts nothing ahead; killed anywhere, its lease is freed at once',
    async (host) => {
      const seat = await echoedSeat(4, 0);
      const { seen, outcome } = await everyDeath(seat, host);
      expect(outcome.record.status).toBe('succeeded');
      expect(outcome.record.counts.outlook.updated).toBe(0);
      expect(seen.length).toBeGreaterThan(4);
      expect(seen.filter((s) => s.uncertain > 0 || s.kept !== null)).toEqual([]);
    },
  );

  test.each(HOSTS)(
    '%s: 4 echoes beside 2 BC edits: killed anywhere, the record counts at most the 2 updates the plan sends',
    async (host) => {
      const seat = await echoedSeat(4, 2);
      const { seen, outcome } = await everyDeath(seat, host);
      expect(outcome.record.status).toBe('succeeded');
      // Its updates went out in the dead runs already, or go out now: 2 in all, never an echo's.
      expect(seen.some((s) => s.outlookUpdated === 2)).toBe(true);
      expect(seen.filter((s) => s.outlookUpdated > 2)).toEqual([]);
    },
  );
});
