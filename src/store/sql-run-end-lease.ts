import type { RunEnd } from '../core/ports.js';
import { leaseTimes, neverEarlierSql } from './sql-leases.js';

/**
 * The lease row's part of a run's end statement (`released`, the end's fence: no row, nothing of
 * the end is written). Let go (DELETE), or kept while the run's writes may land (RunEnd.keepMs,
 * brief cancelkeep): its expiry moved to `keepMs` past the run's end, never earlier, as
 * SqlLeases.renewLease moves it (a later expiry stays unless past the furthest trusted). Either
 * way the row is locked until the statement commits. `key` and `owner` are the statement's
 * placeholders for the fence; `also` a further condition; the kept form's two values follow as
 * `$next` and `$next + 1`, so it is a statement of its own (its own prepared name).
 */
export function leaseEndPart(
  end: RunEnd,
  at: { readonly key: string; readonly owner: string; readonly also?: string; readonly next: number },
): { readonly cte: string; readonly params: readonly string[]; readonly kept: boolean } {
  const where = `WHERE key = ${at.key} AND owner = ${at.owner}${at.also ?? ''}`;
  if (!end.keepMs) return { cte: `DELETE FROM sync_leases ${where} RETURNING key`, params: [], kept: false };
  const { expires, far } = leaseTimes(end.run.finishedAt ?? end.run.startedAt, end.keepMs);
  const [until, trusted] = [`$${at.next}::timestamptz`, `$${at.next + 1}::timestamptz`];
  return {
    cte: `UPDATE sync_leases SET expires_at = ${neverEarlierSql('expires_at', until, trusted)}
       ${where} RETURNING key`,
    params: [expires, far],
    kept: true,
  };
}
