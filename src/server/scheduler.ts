import PgBoss from 'pg-boss';
import { parseUserKey } from './auth/identity.js';
import type { PGlite } from '@electric-sql/pglite';
import type { Clock, Logger } from '../core/ports.js';
import { DEFAULT_SETTINGS } from '../core/records.js';
import type { SyncSettings } from '../core/records.js';
import type { Db } from '../store/db.js';
import { RunAlreadyActiveError } from './sync/run-manager.js';
import type { RunManager } from './sync/run-manager.js';
import type { RunMetrics } from './observability.js';

const TICK_QUEUE = 'sync-schedule-tick';
// Any constant works; it only has to be the same in every process starting a scheduler on this database.
const SCHEDULER_START_LOCK_ID = 727_311_003;
const RUN_QUEUE = 'sync-scheduled-run';

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
  /** Where queue depth and lease waits are reported (/metrics). */
  readonly metrics?: Pick<RunMetrics, 'watchQueue' | 'observeLeaseWait'>;
}

interface Due {
  userId: string;
  minutes: number;
  /** When the user's last scheduled run started (null: never). */
  last: string | null;
  /** When the settings were last saved (null for a user without settings). */
  saved: string | null;
}

/** Users with a schedule, and when their last scheduled run started. */
async function schedules(db: Db): Promise<Due[]> {
  const { rows } = await db.query<{
    user_id: string;
    settings: SyncSettings | string;
    last: string | Date | null;
    saved: string | Date;
  }>(
    `SELECT s.user_id, s.settings, s.updated_at AS saved,
            (SELECT max(r.started_at) FROM sync_runs r
              WHERE r.user_id = s.user_id AND r.record->>'trigger' = 'schedule') AS last
       FROM sync_settings s`,
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
      };
    });
}

/**
 * When the next scheduled run is due: one interval after the last scheduled run started, or — for
 * a user who never had one — one interval after the settings were saved, as a BC job queue entry
 * first runs one interval after it is set up. Due "now" at once would start a server-side sync
 * right after the pane's first settings save, racing the user's own first sync (issue 9).
 */
export function dueAt(d: Due, clock: Clock): string | null {
  if (d.minutes <= 0) return null;
  const from = d.last ?? d.saved;
  return from === null ? null : clock.shift(from, d.minutes * 60_000);
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
 * The scheduled sync of design §2 (BC's job queue entry for codeunit 6700): a pg-boss cron tick
 * every minute enqueues a delta run for each user whose interval has passed; pg-boss hands each
 * run to exactly one worker, so several facade processes on one PostgreSQL share the work.
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
  const tick = async (): Promise<number> => {
    const now = clock.now();
    let queued = 0;
    for (const d of await schedules(db)) {
      const at = dueAt(d, clock);
      if (at === null || at > now) continue;
      // One queued run per user at a time, whichever process ticks.
      const id = await boss.send(
        RUN_QUEUE,
        { userId: d.userId },
        { singletonKey: d.userId, singletonSeconds: 60 },
      );
      if (id) queued++;
    }
    return queued;
  };
  await boss.schedule(TICK_QUEUE, '* * * * *');
  await boss.work(TICK_QUEUE, async () => {
    await tick();
  });
  deps.metrics?.watchQueue(() => boss.getQueueSize(RUN_QUEUE));
  // Seconds since the job was queued (pg-boss stamps createdOn with the database's clock).
  const waited = (queuedOn: Date, until: string): number => (Date.parse(until) - queuedOn.getTime()) / 1000;
  await boss.work<{ userId: string }>(RUN_QUEUE, { includeMetadata: true }, async (jobs) => {
    for (const job of jobs) {
      try {
        const { record } = await manager.runNow(job.data.userId, { mode: 'delta', trigger: 'schedule' });
        // The record starts when the run holds its lease.
        deps.metrics?.observeLeaseWait(waited(job.createdOn, record.startedAt), 'acquired');
        log.info(
          { userId: job.data.userId, status: record.status, runId: record.id },
          'scheduled sync finished',
        );
      } catch (e) {
        if (e instanceof RunAlreadyActiveError) {
          deps.metrics?.observeLeaseWait(waited(job.createdOn, clock.now()), 'held');
          continue;
        }
        log.warn({ userId: job.data.userId, err: (e as Error).message }, 'scheduled sync failed');
      }
    }
  });
  return {
    tick,
    nextRunAt: async (userId) => {
      const d = (await schedules(db)).find((x) => x.userId === userId);
      return d ? dueAt(d, clock) : null;
    },
    stop: async () => {
      await boss.stop({ graceful: false, close: !pglite || Boolean(deps.databaseUrl) });
    },
  };
}
