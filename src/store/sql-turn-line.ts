import { CREATE_TURN_LINE, createTurnCompany, createTurnKey, createTurnSlot } from '../core/lease.js';
import type { LeaseHolder } from '../core/ports.js';
import type { Db } from './db.js';

/*
 * A company's create-turn line (core/create-turn.ts) in fewer round trips on SQL (issue 12 §2: an
 * uncontended walk down the line was CREATE_TURN_LINE + 2 store round trips, one after another,
 * between a delta's reads and its BC creates). The port lets a store move a creator itself and say
 * where it ended (LeaseResult `place`), as the facade's lease route does for the pane's engine.
 */

/** The creator-moving-up's place behind `key` (a place of a create-turn line, not its end); else null. */
export function placeBehind(key: string): string | null {
  const slot = createTurnSlot(key);
  const company = createTurnCompany(key);
  if (slot === null || slot >= CREATE_TURN_LINE || typeof company !== 'string') return null;
  return createTurnKey(company, slot + 1);
}

/**
 * A join at the line's end walked up, in one statement, past every place that has no row at all,
 * to the last of them, never to the turn itself (asked for on its own, as the route's walk does).
 * The walk stops behind any row, held or expired: a row is whoever waits or whatever the one-step
 * acquire must judge (expiry, a dead holder), so no waiting creator is passed. The place reached is
 * inserted only if still free when the statement lands (a creator that took it meanwhile came
 * first). Null when the end itself has a row or the place was taken: the caller acquires the end
 * as one step. A creator that joined after this statement's snapshot is behind it in the line.
 */
export async function joinLine(
  db: Db,
  key: string,
  owner: string,
  expires: string,
  by: LeaseHolder | null,
  take: string | null,
): Promise<number | null> {
  const company = createTurnCompany(key);
  if (createTurnSlot(key) !== CREATE_TURN_LINE || typeof company !== 'string') return null;
  // From the end (ordinal 1) up to place 1 (ordinal CREATE_TURN_LINE).
  const places = Array.from({ length: CREATE_TURN_LINE }, (_, n) =>
    createTurnKey(company, CREATE_TURN_LINE - n),
  );
  const r = await db.query<{ key: string }>(
    `WITH line AS (
       SELECT p.key, p.n, EXISTS (SELECT 1 FROM sync_leases l WHERE l.key = p.key) AS taken
         FROM unnest($1::text[]) WITH ORDINALITY AS p(key, n)),
     stop AS (SELECT coalesce(min(n), $6::int + 1) AS n FROM line WHERE taken)
     INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid, take)
     SELECT line.key, $2, $3::timestamptz, $4, $5, $7 FROM line, stop WHERE line.n = stop.n - 1
     ON CONFLICT (key) DO NOTHING
     RETURNING key`,
    [places, owner, expires, by?.host ?? null, by?.pid ?? null, places.length, take],
  );
  const reached = r.rows[0]?.key;
  return reached === undefined ? null : createTurnSlot(reached);
}
