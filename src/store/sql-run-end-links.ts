import { leaseLost } from '../core/lease-fence.js';
import type { RunEnd, RunEndLinks } from '../core/ports.js';
import type { Db } from './db.js';
import { assertStorableText, assertWritableBatch } from './sql-helpers.js';
import { LINK_INSERT, LINK_ROWS, LINK_UPSERT, linkParams } from './sql-links.js';
import {
  CURSOR_COLUMNS,
  CURSOR_UPSERT,
  RUN_COLUMNS,
  RUN_UPSERT,
  afterRunSaved,
  runValues,
} from './sql-run-records.js';
import { RUN_STATEMENTS } from './run-statement-names.js';
import { leaseEndPart } from './sql-run-end-lease.js';
import { UNFLUSHED, UNFLUSHED_USE } from './sql-unflushed.js';

/**
 * A run's end with the links of its last group of writes (RunEnd.links) as ONE statement, so one
 * round trip where the links' own fenced upsert was one more before it (issue 12 §2: delta-bc-1pct's
 * last write answered, then its links, then its end). As endRunInOneStatement, the lease row's
 * DELETE is the fence and everything else is written from what it returned; the links, their
 * removals and the settled pending creates are written in the same statement, so the cursor is
 * never stored without them. Committed without waiting for the disk (sql-unflushed.ts), as the end
 * without links.
 *
 * The scope's cap is counted in the statement's snapshot, which is exact here only while no other
 * link write of the same holder is out (upsertLinksFenced: two groups of one run): a run ends after
 * its writes. Still, only a batch that adds no link to the scope (updates: the usual delta) is
 * written so; one that adds links (`added` > 0) writes nothing here — not even the release — and
 * is answered `false`: the caller stores the links through the fenced upsert (its cap check under
 * the lease row's lock), then ends again without them.
 * @returns whether the end was stored.
 * @throws LeaseLostError `fence.owner` does not hold `fence.key` (nothing written).
 * @throws a unique violation on sync_links_outlook_unique (the caller reads it as outlookIdTaken).
 */
export async function endRunWithLinks(db: Db, end: RunEnd & { links: RunEndLinks }): Promise<boolean> {
  const { fence, run, links } = end;
  const cursor = end.cursor ?? null;
  assertWritableBatch(links.scope, links.upserts, ['bcId', 'outlookId']);
  assertStorableText([fence, cursor, run, links.deletes, links.clearPending]);
  const lease = leaseEndPart(end, {
    key: '$10',
    owner: '$11',
    also: ' AND (SELECT n = 0 FROM added)',
    next: 24,
  });
  const r = await db.query<{ held: number; added: number; inserted: boolean | null }>(
    `WITH ${UNFLUSHED}, rows AS (${LINK_ROWS}),
     added AS (SELECT count(*)::int AS n FROM rows
       WHERE NOT EXISTS (SELECT 1 FROM sync_links s WHERE s.user_id = $1 AND s.folder_id = $2 AND s.bc_id = rows.b)),
     released AS (
       ${lease.cte}
     ), linked AS (
       INSERT INTO ${LINK_INSERT} SELECT * FROM rows WHERE EXISTS (SELECT 1 FROM released)
       ${LINK_UPSERT} RETURNING 1
     ), unlinked AS (
       DELETE FROM sync_links WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($12::text[])
         AND EXISTS (SELECT 1 FROM released)
     ), cleared AS (
       DELETE FROM sync_pending_creates WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($13::text[])
         AND EXISTS (SELECT 1 FROM released)
     ), moved AS (
       INSERT INTO ${CURSOR_COLUMNS}
       SELECT $14, $15, $16, $17, $18 FROM released WHERE $19::boolean
       ${CURSOR_UPSERT}
     ), saved AS (
       INSERT INTO ${RUN_COLUMNS}
       SELECT $20, $21, $22::timestamptz, $23::jsonb FROM released
       ${RUN_UPSERT}
     )
     SELECT (SELECT count(*) FROM released)::int AS held, (SELECT n FROM added) AS added,
       (SELECT inserted FROM saved) AS inserted, ${UNFLUSHED_USE}`,
    [
      ...linkParams(links.scope, links.upserts),
      fence.key,
      fence.owner,
      [...links.deletes],
      [...links.clearPending],
      end.cursor?.scope.userId ?? null,
      end.cursor?.scope.folderId ?? null,
      cursor?.next.bcDeltaLink ?? null,
      cursor?.next.deltaLink ?? null,
      cursor?.next.filterKey ?? '',
      cursor !== null,
      ...runValues(run),
      ...lease.params,
    ],
    lease.kept ? RUN_STATEMENTS.endWithLinksKept : RUN_STATEMENTS.endWithLinks,
  );
  const row = r.rows[0];
  if (row && row.added > 0) return false;
  if (!row || row.held === 0) throw leaseLost();
  await afterRunSaved(db, run.userId, row.inserted, run.dryRun);
  return true;
}
