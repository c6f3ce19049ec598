import type { Ticker } from '../../core/lease.js';
import type { SyncStateStore } from '../../core/ports.js';
import type { RunRecord } from '../../core/records.js';
import type { RunListener } from './run-manager-types.js';

/**
 * How often a run another process runs is read again for its followers (ms): its record there is
 * saved at each checkpoint, so this is as fresh as its progress can be seen from here.
 */
const STORED_RUN_POLL_MS = 1_000;

/**
 * Follows a run this process does not run, by its stored record: the run's events as its record
 * shows them, then `end` once the record has ended. Several facade processes serve one database
 * behind a proxy (docs/deploy.md §6), so a run's events are asked of any of them; answering `end`
 * with a record still `running` (as before) ended the pane's following of a live run, showing it
 * done while it ran (review). A run whose holder died is marked `interrupted` by every process's
 * reaper (run-reaper.ts), which ends this too. `record`: the stored record, read just now (its
 * `record` event is the caller's); one that has ended gets `end` at once. Returns the stop
 * (idempotent); nothing is read after it.
 */
export function followStoredRun(
  store: SyncStateStore,
  ticker: Ticker,
  userId: string,
  record: RunRecord,
  listener: RunListener,
  everyMs = STORED_RUN_POLL_MS,
): () => void {
  const runId = record.id;
  if (record.status !== 'running') {
    listener({ type: 'end', runId, record });
    return () => undefined;
  }
  let last = JSON.stringify(record);
  let stopped = false;
  let reading = false;
  const stopTicker = ticker(everyMs, async () => {
    // One read at a time: a slow store is not asked again before it answered.
    if (stopped || reading) return;
    reading = true;
    try {
      const now = await store.getRun(userId, runId);
      if (stopped || now === null) return;
      const text = JSON.stringify(now);
      if (text === last) return;
      last = text;
      for (const p of now.progress ?? []) listener({ type: 'progress', runId, event: p });
      listener({ type: 'record', runId, record: now });
      if (now.status !== 'running') {
        stop();
        listener({ type: 'end', runId, record: now });
      }
    } catch {
      // A failed read is tried again at the next beat: the follower waits, as for a quiet run.
    } finally {
      reading = false;
    }
  });
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stopTicker();
  };
  return stop;
}
