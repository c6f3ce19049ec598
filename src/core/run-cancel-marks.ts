/**
 * Cancel requests kept with a run's stored record (review R3): several facade processes serve one
 * store behind a proxy (docs/deploy.md §6), so a cancel may reach a process that does not run the
 * run. That process marks the run here; the one running it polls its mark and cancels.
 * Implementations: store/sql-run-cancel.ts (the run's row), fakes/memory-run-cancel-marks.ts.
 */

/** A cancel request's fate: marked (the run's stored record is `running`), ended, or no such run of the user. */
export type CancelMarkAnswer = 'marked' | 'ended' | 'unknown';

export interface RunCancelMarks {
  /** Marks `userId`'s run as cancel-requested while its stored record is `running`; another user's run is `unknown`. */
  request(userId: string, runId: string): Promise<CancelMarkAnswer>;
  /** Whether `userId`'s run was marked (false for an unknown run). */
  requested(userId: string, runId: string): Promise<boolean>;
}
