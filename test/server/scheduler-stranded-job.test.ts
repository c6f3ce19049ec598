import { describe, expect, test } from '@jest/globals';
import PgBoss from 'pg-boss';
import { LEASE_TTL_MS } from '../../src/core/lease.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { scheduledJob } from '../../src/server/scheduled-jobs.js';
import { pollUntil } from '../support/poll.js';
import { useScheduleCluster } from '../support/use-schedule-cluster.js';

/**
 * Issue 12 §3 / issue 9 §4, the CI red of scheduler-processes: a process SIGKILLed after pg-boss
 * handed it a scheduled run's job but before the run's first record (its lease) leaves the job
 * active and no run behind. pg-boss expires such a job after 15 minutes; until then every tick
 * found the user due under that same job id, queued nothing, and the user waited — past the
 * 300 s the multi-process test waits. The tick now counts a job active for a lease's time without
 * its run as lost, as it counts a run whose lease lapsed, and queues its redo.
 *
 * The dead worker is played here, deterministically: this test takes the due job from pg-boss as a
 * worker does (fetch: state active), and its clock says it took it a lease's time ago (started_on
 * moved back by LEASE_TTL_MS + 1 s, the state a worker killed that long ago leaves); then it never
 * answers. Waiting the 30 s instead would prove the same, slower.
 */
const RUN_QUEUE = 'sync-scheduled-run';
const USERS = 2;
const CONTACTS = 2;

describe('a scheduled run whose worker died before the run began', () => {
  const cluster = useScheduleCluster({ users: USERS, contacts: CONTACTS });

  test('the stranded job is redone at a tick, once, without waiting for pg-boss to expire it', async () => {
    const boss = new PgBoss({ connectionString: cluster.databaseUrl });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue(RUN_QUEUE);
    await cluster.makeDue();
    // The job the product queues for user 0's due run (same id as any tick would give it).
    const [victim, other] = cluster.users as [string, string];
    const { rows } = await cluster.store.db.query<{ saved: Date | string }>(
      `SELECT updated_at AS saved FROM sync_settings WHERE user_id = $1`,
      [victim],
    );
    const saved = new Date(rows[0]!.saved).toISOString();
    const now = systemClock.now();
    const job = scheduledJob(
      { userId: victim, minutes: 60, last: null, saved, lost: null },
      systemClock,
      now,
    );
    expect(job).not.toBeNull();
    await boss.send(
      RUN_QUEUE,
      { userId: victim, key: job!.key },
      { id: job!.id, retryLimit: 60, retryDelay: 60 },
    );
    const taken = await boss.fetch(RUN_QUEUE);
    expect(taken?.map((j) => j.id)).toEqual([job!.id]);
    await cluster.store.db.query(
      `UPDATE pgboss.job SET started_on = started_on - make_interval(secs => $2) WHERE id = $1::uuid`,
      [job!.id, LEASE_TTL_MS / 1000 + 1],
    );
    await boss.stop({ graceful: false, close: true, wait: true });

    await cluster.startFacades(1);
    const runs = await pollUntil(
      'a succeeded scheduled run for both users',
      async () => {
        const listed = await cluster.scheduledRuns();
        const served = new Set(listed.filter((r) => r.status === 'succeeded').map((r) => r.userId));
        return served.size === USERS ? listed : undefined;
      },
      { state: () => cluster.describeState() },
    );
    expect(runs.map((r) => [r.userId, r.status]).sort()).toEqual(
      [
        [victim, 'succeeded'],
        [other, 'succeeded'],
      ].sort(),
    );
    // The stranded job is still active: the redo did not wait for pg-boss's expiry.
    const { rows: states } = await cluster.store.db.query<{ state: string }>(
      `SELECT state::text AS state FROM pgboss.job WHERE id = $1::uuid`,
      [job!.id],
    );
    expect(states.map((r) => r.state)).toEqual(['active']);
    expect(cluster.users.map((u) => cluster.mailboxContacts(u))).toEqual(cluster.users.map(() => CONTACTS));
  });
});
