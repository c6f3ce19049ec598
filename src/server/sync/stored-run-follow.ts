import type { Ticker } from '../../core/lease.js';
import type { SyncStateStore } from '../../core/ports.js';
import type { RunRecord } from '../../core/records.js';
import type { RunEvent, RunListener } from './run-manager-types.js';

/**
 * How often a run another process runs is read again for its followers (ms): its record there is
 * saved at each checkpoint, so this is as fresh as its progress can be seen from here.
 */
const STORED_RUN_POLL_MS = 1_000;

/** One run followed by its stored record: who listens, and the read that serves them all. */
interface Followed {
  readonly listeners: Set<RunListener>;
  /** The record last handed on, as JSON (an unchanged read hands nothing on). */
  last: string;
  reading: boolean;
  stop: () => void;
}

/**
 * Follows runs this process does not run, by their stored records: each run's events as its record
 * shows them, then `end` once the record has ended. Several facade processes serve one database
 * behind a proxy (docs/deploy.md §6), so a run's events are asked of any of them; answering `end`
 * with a record still `running` (as before) ended the pane's following of a live run, showing it
 * done while it ran (review). A run whose holder died is marked `interrupted` by every process's
 * reaper (run-reaper.ts), which ends this too. One read per run and beat, however many follow it
 * (a caller opening many streams costs no more store reads).
 */
export class StoredRunFollowers {
  private readonly runs = new Map<string, Followed>();

  constructor(
    private readonly store: SyncStateStore,
    private readonly ticker: Ticker,
    private readonly everyMs = STORED_RUN_POLL_MS,
  ) {}

  /**
   * `listener` gets the run's events from now on; `record`: the stored record, read just now (its
   * `record` event is the caller's). One that has ended gets `end` at once. Returns the stop
   * (idempotent).
   */
  follow(userId: string, record: RunRecord, listener: RunListener): () => void {
    if (record.status !== 'running') {
      listener({ type: 'end', runId: record.id, record });
      return () => undefined;
    }
    const id = JSON.stringify([userId, record.id]);
    let run = this.runs.get(id);
    if (!run) {
      const followed: Followed = {
        listeners: new Set(),
        last: JSON.stringify(record),
        reading: false,
        stop: () => undefined,
      };
      followed.stop = this.ticker(this.everyMs, () => this.read(id, userId, record.id, followed));
      this.runs.set(id, (run = followed));
    }
    const listeners = run.listeners;
    listeners.add(listener);
    return () => {
      if (listeners.delete(listener) && listeners.size === 0) this.drop(id, run);
    };
  }

  private drop(id: string, run: Followed): void {
    run.stop();
    if (this.runs.get(id) === run) this.runs.delete(id);
  }

  private async read(id: string, userId: string, runId: string, run: Followed): Promise<void> {
    // One read at a time: a slow store is not asked again before it answered.
    if (run.reading || run.listeners.size === 0) return;
    run.reading = true;
    try {
      const now = await this.store.getRun(userId, runId);
      if (now === null) return;
      const text = JSON.stringify(now);
      if (text === run.last) return;
      run.last = text;
      const events: RunEvent[] = [
        ...(now.progress ?? []).map((event): RunEvent => ({ type: 'progress', runId, event })),
        { type: 'record', runId, record: now },
      ];
      const ended = now.status !== 'running';
      if (ended) {
        this.drop(id, run);
        events.push({ type: 'end', runId, record: now });
      }
      for (const listener of [...run.listeners]) for (const e of events) listener(e);
      if (ended) run.listeners.clear();
    } catch {
      // A failed read is tried again at the next beat: the followers wait, as for a quiet run.
    } finally {
      run.reading = false;
    }
  }
}
