import { LEASE_HEARTBEAT_MS } from '../core/lease.js';
import type { Ticker } from '../core/lease.js';
import type { Clock, Logger } from '../core/ports.js';
import type { RunRecord } from '../core/records.js';
import type { LocalProcesses } from '../platform/local-process.js';
import type { Db } from '../store/db.js';
import { markDeadRunsInterrupted } from '../store/interrupted-runs.js';

export interface RunReaperOptions {
  readonly db: Db;
  readonly local: LocalProcesses;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ticker: Ticker;
  /**
   * Whether this process's run manager ran the run and it is over (RunManager.endedHere): its
   * lease, held by this very process, is let go at the next sweep, not after LIVE_HOLDER_GRACE_MS.
   */
  readonly endedHere?: (runId: string) => boolean;
  /** writeSettleMs of this host's timeouts: a dead holder's lease is kept that long (dead-holder-keep.ts). */
  readonly settleMs?: number;
  /** Each run marked interrupted (the metrics count it as the store's saveRun would). */
  readonly onMarked?: (record: RunRecord) => void;
}

/**
 * Marks runs whose holder died `interrupted` as soon as this process can know it (issue 9 §4,
 * F11): once at start-up — this machine's dead processes, expired leases, and `running` records
 * no lease belongs to (a restarted `npm start` shows its killed run interrupted at once) — then
 * every heartbeat (LEASE_HEARTBEAT_MS) the same (a holder elsewhere went silent; a record left
 * `running` with no lease, review V7): no lease outlives its holder by more than a heartbeat past
 * its TTL, and no record says `running` a heartbeat after its lease is gone. Returns the stop.
 */
export async function startRunReaper(options: RunReaperOptions): Promise<() => void> {
  const { db, local, clock, logger } = options;
  const sweep = async (): Promise<void> => {
    const marked = await markDeadRunsInterrupted(db, local, clock.now(), options.endedHere, options.settleMs);
    for (const r of marked) {
      logger.warn(
        { runId: r.id, trigger: r.trigger, startedAt: r.startedAt },
        'sync run interrupted: its holder died',
      );
      options.onMarked?.({ ...r, status: 'interrupted' });
    }
  };
  await sweep();
  return options.ticker(LEASE_HEARTBEAT_MS, () =>
    sweep().catch((e: unknown) => logger.warn({ err: String(e) }, 'interrupted-run sweep failed')),
  );
}
