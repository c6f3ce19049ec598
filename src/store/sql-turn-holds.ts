import type { TurnHoldRead, TurnHoldRecord, TurnHoldRecords } from '../core/turn-hold-records.js';
import type { Db } from './db.js';

/** A time of the table as epoch ms (exact: whole milliseconds are what the bounds write). */
const ms = (column: string) => `round(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`;

const iso = (value: number | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * The create turn's holds and stays in its line as the lease routes count them, in table
 * sync_turn_holds (migration 018), shared by every facade process on the database (review R2).
 * A write lands only on the row as read (`rev`, from a sequence: a row deleted and written again
 * is another revision); an insert drops the rows forgotten by then (index on forget_at).
 */
export function sqlTurnHoldRecords(db: Db): TurnHoldRecords {
  return {
    async read(id: string): Promise<TurnHoldRead> {
      const r = await db.query<{
        user_id: string;
        owner: string;
        since: number;
        until: number | null;
        barred_until: number | null;
        forget_at: number;
        rev: string;
      }>(
        `SELECT user_id, owner, ${ms('since')}, ${ms('until')}, ${ms('barred_until')}, ${ms('forget_at')},
                rev::text AS rev
           FROM sync_turn_holds WHERE id = $1`,
        [id],
      );
      const row = r.rows[0];
      if (!row) return { record: null, rev: 0 };
      const record: TurnHoldRecord = {
        userId: row.user_id,
        owner: row.owner,
        sinceMs: row.since,
        untilMs: row.until,
        barredMs: row.barred_until,
        forgetMs: row.forget_at,
      };
      return { record, rev: Number(row.rev) };
    },

    async write(id: string, rev: number, next: TurnHoldRecord | null, nowMs: number): Promise<boolean> {
      if (next === null) {
        if (rev === 0) return true;
        const gone = await db.query(
          'DELETE FROM sync_turn_holds WHERE id = $1 AND rev = $2::bigint RETURNING id',
          [id, rev],
        );
        return gone.rows.length > 0;
      }
      const values = [
        id,
        next.userId,
        next.owner,
        iso(next.sinceMs),
        iso(next.untilMs),
        iso(next.barredMs),
        iso(next.forgetMs),
      ];
      const written =
        rev === 0
          ? await db.query(
              `WITH swept AS (DELETE FROM sync_turn_holds WHERE forget_at <= $8::timestamptz AND id <> $1)
               INSERT INTO sync_turn_holds (id, user_id, owner, since, until, barred_until, forget_at, rev)
               VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::timestamptz, $7::timestamptz,
                       nextval('sync_turn_holds_rev'))
               ON CONFLICT (id) DO NOTHING RETURNING id`,
              [...values, iso(nowMs)],
            )
          : await db.query(
              `UPDATE sync_turn_holds SET user_id = $2, owner = $3, since = $4::timestamptz,
                      until = $5::timestamptz, barred_until = $6::timestamptz, forget_at = $7::timestamptz,
                      rev = nextval('sync_turn_holds_rev')
                WHERE id = $1 AND rev = $8::bigint RETURNING id`,
              [...values, rev],
            );
      return written.rows.length > 0;
    },
  };
}
