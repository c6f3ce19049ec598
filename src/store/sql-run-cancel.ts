import type { CancelMarkAnswer, RunCancelMarks } from '../core/run-cancel-marks.js';
import type { Db } from './db.js';

/**
 * Cancel requests of runs kept on the run's row (`sync_runs.cancel_requested_at`, migration 017),
 * so a cancel reaches the run whichever facade process gets it (review R3). Rows are keyed
 * (user_id, id): another user's run is unknown here, as in getRun.
 */
export function sqlRunCancelMarks(db: Db): RunCancelMarks {
  return {
    async request(userId: string, runId: string): Promise<CancelMarkAnswer> {
      // Only a record still `running` is marked: an ended run keeps no request it cannot honour.
      const marked = await db.query<{ id: string }>(
        `UPDATE sync_runs SET cancel_requested_at = COALESCE(cancel_requested_at, now())
         WHERE user_id = $1 AND id = $2 AND record->>'status' = 'running' RETURNING id`,
        [userId, runId],
      );
      if (marked.rows.length > 0) return 'marked';
      const known = await db.query<{ id: string }>(
        'SELECT id FROM sync_runs WHERE user_id = $1 AND id = $2',
        [userId, runId],
      );
      return known.rows.length > 0 ? 'ended' : 'unknown';
    },
    async requested(userId: string, runId: string): Promise<boolean> {
      const r = await db.query<{ marked: boolean }>(
        'SELECT cancel_requested_at IS NOT NULL AS marked FROM sync_runs WHERE user_id = $1 AND id = $2',
        [userId, runId],
      );
      return r.rows[0]?.marked === true;
    },
  };
}
