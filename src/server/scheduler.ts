import PgBoss from 'pg-boss';
import { parseUserKey } from './auth/identity.js';
import type { PGlite } from '@electric-sql/pglite';
import { LEASE_TTL_MS } from '../core/lease.js';
import type { Ticker } from '../core/lease.js';
import type { Clock, Logger } from '../core/ports.js';
import { DEFAULT_SETTINGS } from '../core/records.js';
import { endError } from '../core/run-errors.js';
import type { SyncSettings } from '../core/records.js';
import type { Db } from '../store/db.js';
import { DRY_RUN_ROW } from '../store/sql-run-records.js';
import { RunAlreadyActiveError } from './sync/run-manager.js';
import type { RunManager } from './sync/run-manager.js';
import type { RunMetrics } from './observability.js';
import { currentJob, dueAt } from './scheduled-jobs.js';
import type { Due } from './scheduled-jobs.js';

/** The queue of the per-minute cron tick of earlier versions (unscheduled at start). */
const TICK_QUEUE = 'sync-schedule-tick';
// Any constant works; it only has to be the same in every process starting a scheduler on this database.
const SCHEDULER_START_LOCK_ID = 727_311_003;
const RUN_QUEUE = 'sync-scheduled-run';
/**
 * A scheduled run that could not start (another run holds the lease, the store or BC did not
 * answer) is retried a minute later, for about an hour. A job whose worker died stays active until
 * pg-boss expires it (15 minutes, then a retry a minute later); the run is redone sooner, by the
 * next tick: once its lease has lapsed (a run that had started), or once the job has been active
 * for a lease's time without a run (a worker killed between taking the job and its run's first
 * record: see currentJob).
 */
const RUN_JOB = { retryLimit: 60, retryDelay: 60 } as const;
/**
 * Scheduled runs one process works on at once: a run mostly waits on Graph and BC, so a few at
 * once keep a process busy without holding many folders' contacts in memory together.
 */
const RUNS_AT_ONCE = 4;
/** How often an idle worker asks for queued runs (pg-boss's default is 2 s). */
const POLL_SECONDS = 1;

export interface Scheduler {
  /** When a user's next scheduled delta sync is due (null when the schedule is off). */
  nextRunAt(userId: string): Promise<string | null>;
  /** Enqueues every user whose scheduled sync is due; the minute tick calls it. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export interface SchedulerDeps {
  readonly db: Db;
  readonly manager: RunManager;
  readonly clock: Clock;
  readonly log: Logger;
  /** A PostgreSQL server: pg-boss opens its own pool. Otherwise it runs on the store's PGlite. */
  readonly databaseUrl?: string | null;
  /** Calls the tick every `tickSeconds` in this process (platform/ticker.ts; tests drive it). */
  readonly ticker: Ticker;
  /** How often this process looks for due users (SCHEDULER_TICK_SECONDS). */
  readonly tickSeconds: number;
  /** Where queue depth and lease waits are reported (/metrics). */
  readonly metrics?: Pick<RunMetrics, 'watchQueue' | 'observeLeaseWait'>;
}

/**
 * Users with a schedule, and when their last scheduled run that counts started. A run counts when
 * it ended (succeeded, failed, cancelled, held) or still works under a live lease; a run that was
 * interrupted, or that is `running` while nobody renews its lease (its process was killed), is lost:
 * it does not count, so the user is due again and the run is redone (issue 12 §3).
 * `now`: ISO time against which leases are live. `userId`: only that user.
 */
async function schedules(db: Db, now: string, userId?: string): Promise<Due[]> {
  const { rows } = await db.query<{
    user_id: string;
    settings: SyncSettings | string;
    last: string | Date | null;
    saved: string | Date;
    lost: string | null;
  }>(
    `WITH runs AS (
       SELECT r.user_id, r.id, r.started_at,
              (r.record->>'status' = 'interrupted' OR (r.record->>'status' = 'running' AND NOT EXISTS (
                 SELECT 1 FROM sync_leases l WHERE l.owner = r.id AND l.expires_at > $1::timestamptz))) AS lost
         FROM sync_runs r
        WHERE r.record->>'trigger' = 'schedule' AND NOT ${DRY_RUN_ROW('r')} AND ($2::text IS NULL OR r.user_id = $2))
     SELECT s.user_id, s.settings, s.updated_at AS saved,
            (SELECT max(x.started_at) FROM runs x WHERE x.user_id = s.user_id AND NOT x.lost) AS last,
            (SELECT x.id FROM runs x WHERE x.user_id = s.user_id AND x.lost
              ORDER BY x.started_at DESC, x.id DESC LIMIT 1) AS lost
       FROM sync_settings s
      WHERE $2::text IS NULL OR s.user_id = $2`,
    [now, userId ?? null],
  );
  // Legacy keys (`upn:…`, migration 002) wait for their user's first sign-in: no mailbox to run on.
  return rows
    .filter((r) => parseUserKey(r.user_id) !== null)
    .map((r) => {
      const settings = (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as SyncSettings;
      const last = r.last === null ? null : new Date(r.last).toISOString();
      return {
        userId: r.user_id,
        minutes: settings.scheduleMinutes ?? DEFAULT_SETTINGS.scheduleMinutes,
        last,
        saved: new Date(r.saved).toISOString(),
        lost: r.lost,
      };
    });
}

/**
 * Seconds a job may be active without its run before it counts as lost: a worker takes a job and
 * starts its run (first record, lease) in a moment; one that has not done so within a lease's
 * time is treated as a lease holder that stopped renewing: dead (SIGKILL, crash, machine gone).
 */
const STRANDED_AFTER_SECONDS = LEASE_TTL_MS / 1000;

/**
 * Ids of the scheduled-run jobs active for longer than STRANDED_AFTER_SECONDS (the database's
 * clock, which stamps pg-boss's started_on). Among them are the jobs whose worker died before
 * their run's first record: pg-boss keeps those active for 15 minutes, so the tick would find the
 * user due under the same job id, queue nothing, and the user would wait that long (the CI red of
 * scheduler-processes: a SIGKILLed process had taken more jobs than it had started runs for).
 */
async function strandedJobs(db: Db): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM pgboss.job
      WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
    [RUN_QUEUE, STRANDED_AFTER_SECONDS],
  );
  return new Set(rows.map((r) => r.id));
}

/** pg-boss on PGlite: multi-statement text goes through exec, parameterised text through query. */
function pgliteAdapter(pglite: PGlite) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      if (values.length > 0) return { rows: (await pglite.query(text, values)).rows };
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/**
 * The scheduled sync of design §2 (BC's job queue entry for codeunit 6700): every process ticks
 * every `tickSeconds` and enqueues a delta run for each user whose interval has passed, under the
 * job id of that due run (scheduledJob), so the run is queued once whichever processes tick;
 * pg-boss hands each job to exactly one worker, so several facade processes on one PostgreSQL
 * share the work, and a run lost with its process is queued again (issue 12 §3).
 */
export async function startScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  const { db, manager, clock, log } = deps;
  const pglite = (db as Db & { pglite?: PGlite }).pglite;
  const boss = deps.databaseUrl
    ? new PgBoss({ connectionString: deps.databaseUrl })
    : pglite
      ? new PgBoss({ db: pgliteAdapter(pglite) } as unknown as PgBoss.ConstructorOptions)
      : null;
  if (!boss) throw new Error('The scheduler needs PostgreSQL (DATABASE_URL) or the embedded store.');
  boss.on('error', (err: Error) => log.error({ err: err.message }, 'scheduler error'));
  const prepare = async (): Promise<void> => {
    await boss.start();
    await boss.createQueue(TICK_QUEUE);
    await boss.createQueue(RUN_QUEUE);
  };
  // pg-boss creating its schema and queues from several processes at once can deadlock on
  // PostgreSQL: processes starting together take turns (the lock lives as long as this transaction,
  // pg-boss works on a pool of its own). PGlite has one process and one connection: no turns there.
  if (deps.databaseUrl)
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEDULER_START_LOCK_ID]);
      await prepare();
    });
  else await prepare();
  let worker: string | null = null;
  const tick = async (): Promise<number> => {
    const now = clock.now();
    let queued = 0;
    const stranded = await strandedJobs(db);
    for (const d of await schedules(db, now)) {
      const job = currentJob(d, clock, now, stranded);
      if (job === null) continue;
      // null: this due run is queued already (by any process's tick).
      const id = await boss.send(RUN_QUEUE, { userId: d.userId, key: job.key }, { ...RUN_JOB, id: job.id });
      if (id) queued++;
    }
    // This process's worker fetches at once instead of at its next poll.
    if (queued > 0 && worker !== null) boss.notifyWorker(worker);
    return queued;
  };
  // Jobs of the per-minute cron tick of earlier versions: each process now ticks on its own.
  await boss.unschedule(TICK_QUEUE);
  const stopTicks = deps.ticker(deps.tickSeconds * 1000, () =>
    tick().then(
      () => undefined,
      (e: unknown) => log.warn({ err: String(e) }, 'scheduler tick failed'),
    ),
  );
  deps.metrics?.watchQueue(() => boss.getQueueSize(RUN_QUEUE));
  // Seconds since the job was queued (pg-boss stamps createdOn with the database's clock).
  const waited = (queuedOn: Date, until: string): number => (Date.parse(until) - queuedOn.getTime()) / 1000;
  /** One job: runs it when its key is still the user's current one (see scheduledJob). */
  const runJob = async (job: PgBoss.JobWithMetadata<{ userId: string; key?: string }>): Promise<void> => {
    const { userId, key } = job.data;
    const now = clock.now();
    // This job is alive (its worker is here): however long it waited, it is not stranded.
    const stranded = await strandedJobs(db);
    stranded.delete(job.id);
    const current = (await schedules(db, now, userId)).map((d) => currentJob(d, clock, now, stranded))[0];
    if (!current || current.key !== key) {
      log.debug({ userId, jobId: job.id }, 'scheduled run no longer due (served, or settings changed)');
      return;
    }
    try {
      const { record } = await manager.runNow(userId, { mode: 'delta', trigger: 'schedule' });
      // The record starts when the run holds its lease.
      deps.metrics?.observeLeaseWait(waited(job.createdOn, record.startedAt), 'acquired');
      // Why it did not sync, as its code (held, failed…): the log's reader has no pane (issue 9).
      const code = endError(record)?.code;
      log.info(
        { userId, status: record.status, runId: record.id, ...(code ? { code } : {}) },
        'scheduled sync finished',
      );
    } catch (e) {
      if (e instanceof RunAlreadyActiveError)
        deps.metrics?.observeLeaseWait(waited(job.createdOn, clock.now()), 'held');
      log.warn(
        { userId, err: (e as Error).message },
        'scheduled sync did not run as asked; pg-boss retries it',
      );
      throw e;
    }
  };
  worker = await boss.work<{ userId: string; key?: string }>(
    RUN_QUEUE,
    { includeMetadata: true, batchSize: RUNS_AT_ONCE, pollingIntervalSeconds: POLL_SECONDS },
    async (jobs) => {
      const results = await Promise.allSettled(jobs.map(runJob));
      // A job whose run did not happen (see runJob) is failed alone, so pg-boss retries just it
      // (RUN_JOB); the batch's others complete.
      for (const [i, r] of results.entries())
        if (r.status === 'rejected')
          await boss.fail(RUN_QUEUE, jobs[i]!.id, {
            message: String((r.reason as Error)?.message ?? r.reason),
          });
    },
  );
  return {
    tick,
    nextRunAt: async (userId) => {
      const d = (await schedules(db, clock.now(), userId))[0];
      return d ? dueAt(d, clock) : null;
    },
    stop: async () => {
      stopTicks();
      await boss.stop({ graceful: false, close: !pglite || Boolean(deps.databaseUrl) });
    },
  };
}
