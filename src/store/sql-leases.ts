import {
  DEFAULT_WRITE_SETTLE_MS,
  LIVE_HOLDER_GRACE_MS,
  LONGEST_LEASE_MS,
  createTurnSlot,
} from '../core/lease.js';
import type { LeaseFence, LeaseHolder, LeaseResult } from '../core/ports.js';
import type { LocalProcesses } from '../platform/local-process.js';
import { sqlLiteral } from './db.js';
import type { Db } from './db.js';
import { keepDeadHoldersLease } from './dead-holder-keep.js';
import { assertStorableText, toIso } from './sql-helpers.js';
import { joinLine, placeBehind } from './sql-turn-line.js';

/**
 * The one rule of every statement that moves a held lease's expiry (brief leases): to `asked`, never
 * earlier than the stored one — a keep promised while the holder's writes may land (a save
 * announcing them, a run's end, letGoOrKeep, a create turn's creates sent) is not cut short by a
 * renewal, a re-acquire or a keep sent before it — unless the stored one is past `trusted`, the
 * furthest expiry trusted (a spoilt row, as acquireLease reads it). SQL of three timestamptz
 * expressions; fakes/memory-state-store.ts leaseExpiryMs is the same rule for the memory store.
 */
export const neverEarlierSql = (stored: string, asked: string, trusted: string): string =>
  `CASE WHEN ${stored} > ${asked} AND ${stored} <= ${trusted} THEN ${stored} ELSE ${asked} END`;

/**
 * The upsert's conflict clause of an acquire (`INSERT INTO sync_leases ... VALUES/SELECT`): the row
 * goes to the new owner when it is the owner's own, or expired — an expiry more than `$10` ahead
 * read as `$4` (now) — and not of a live holder of this machine (`$7`: its host) within its grace
 * (`$8`). SqlLeases.acquireLease and the run's opening (sql-run-opening.ts) share it, with these
 * placeholders.
 */
export const LEASE_TAKEN_OVER = (() => {
  const expiry = `(CASE WHEN sync_leases.expires_at > $10::timestamptz THEN $4::timestamptz
      ELSE sync_leases.expires_at END)`;
  // The owner's own again (a lost answer's retry, a run's next group's create turn): never earlier
  // than its keep (brief leases b: a re-acquire cut a save's announced keep back to now + TTL).
  const own = neverEarlierSql('sync_leases.expires_at', 'excluded.expires_at', '$10::timestamptz');
  return `ON CONFLICT (key) DO UPDATE SET owner = excluded.owner,
             expires_at = CASE WHEN sync_leases.owner = excluded.owner THEN ${own} ELSE excluded.expires_at END,
             holder_host = excluded.holder_host, holder_pid = excluded.holder_pid, take = excluded.take
           WHERE sync_leases.owner = excluded.owner OR (${expiry} <= $4::timestamptz
             AND ($7::text IS NULL OR sync_leases.holder_host IS DISTINCT FROM $7::text
               OR ${expiry} <= $8::timestamptz))`;
})();

/**
 * An acquire's times: the new expiry, now, the grace's end for local holders, and the furthest
 * expiry trusted: twice the longest any holder is granted (LONGEST_LEASE_MS), or the requester's
 * TTL if longer. Not the requester's alone (replay2, this session): a 1 ms request read every held
 * lease as spoilt and took it, a running run's or a colleague's create turn.
 */
export function leaseTimes(
  now: string,
  ttlMs: number,
): { expires: string; nowIso: string; graceEnd: string; far: string } {
  const nowIso = toIso(now);
  const nowMs = Date.parse(nowIso);
  return {
    nowIso,
    expires: new Date(nowMs + ttlMs).toISOString(),
    graceEnd: new Date(nowMs - LIVE_HOLDER_GRACE_MS).toISOString(),
    far: new Date(nowMs + 2 * Math.max(ttlMs, LONGEST_LEASE_MS)).toISOString(),
  };
}

/** Upsert-then-read rounds an acquire makes while the key changes hands under it. */
const ACQUIRE_ATTEMPTS = 12;

/**
 * The run leases of SqlSyncStateStore (table sync_leases): one holder per key until it expires,
 * is released, or its process on this machine is found dead. A holder of this machine whose
 * process runs keeps its lease past expiry for LIVE_HOLDER_GRACE_MS (core/lease.ts).
 */
export class SqlLeases {
  /** `local`, `settleMs`: as SqlSyncStateStore's. */
  constructor(
    private readonly db: Db,
    private readonly local?: LocalProcesses,
    private readonly settleMs: number = DEFAULT_WRITE_SETTLE_MS,
  ) {}

  async acquireLease(
    key: string,
    owner: string,
    now: string,
    ttlMs: number,
    holder?: LeaseHolder | null,
    take?: string,
  ): Promise<LeaseResult> {
    assertStorableText([key, owner, take ?? null]);
    // An expired lease of this machine's holder is taken over only once its process is found dead
    // (below) or LIVE_HOLDER_GRACE_MS later (graceEnd): a live one is slow, not gone.
    const { nowIso, expires, graceEnd, far } = leaseTimes(now, ttlMs);
    const by = holder === undefined ? (this.local?.self ?? null) : holder;
    // A create turn's line (sql-turn-line.ts): a join walks past the free places in one statement.
    const joined = await joinLine(this.db, key, owner, expires, by, take ?? null);
    if (joined !== null) return { ok: true, place: joined };
    // A creator taking the next place lets its place behind go in the same statement.
    const behind = placeBehind(key);
    // Not trusted blindly (issue 9 §1's kind, brief "stored"): no holder is granted an expiry
    // further ahead than a TTL, so one more than twice that ahead (a spoilt row, an older
    // version's, a clock far ahead) is no lease a live run keeps: it counts as expired now, instead
    // of refusing the user's every run until that date (the row said 9999). A holder whose clock
    // was that far ahead loses it safely: its writes are fenced (leaseLost). Twice: a holder whose
    // clock is somewhat ahead keeps its lease. The upsert reads such a row's expiry as now
    // (`$10`: the furthest one trusted), and a refused acquire stores it so before it reads the row
    // (one round trip less on every run's start than a clamp of its own before the upsert, issue 12 §2).
    // A holder may release (or be found dead) between the refused upsert and the read: try again.
    // Each such miss means another owner took and let go of the key in between; with a create
    // turn's line, eight creators on one PostgreSQL missed three times in a row in 1 of 4 runs
    // (lease-races-sql), so the bound only stops a livelock, never an ordinary race.
    for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
      const won = await this.db.query<{ won: number; left: number }>(
        `WITH won AS (
           INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid, take)
           VALUES ($1, $2, $3::timestamptz, $5, $6, $11)
           ${LEASE_TAKEN_OVER}
           RETURNING key),
         left_behind AS (
           DELETE FROM sync_leases WHERE key = $9::text AND owner = $2 AND EXISTS (SELECT 1 FROM won)
           RETURNING key)
         SELECT (SELECT count(*) FROM won)::int AS won, (SELECT count(*) FROM left_behind)::int AS left`,
        [
          key,
          owner,
          expires,
          nowIso,
          by?.host ?? null,
          by?.pid ?? null,
          this.local?.self.host ?? null,
          graceEnd,
          behind,
          far,
          take ?? null,
        ],
      );
      const got = won.rows[0];
      if (got && got.won > 0) {
        const slot = createTurnSlot(key);
        return got.left > 0 && slot !== null ? { ok: true, place: slot } : { ok: true };
      }
      // The row that refused, its expiry stored as now when it was past `far` (the same statement).
      const held = await this.db.query<{
        owner: string;
        expires_at: Date | string;
        holder_host: string | null;
        holder_pid: number | null;
      }>(
        `WITH clamped AS (
           UPDATE sync_leases SET expires_at = $2::timestamptz WHERE key = $1 AND expires_at > $3::timestamptz
           RETURNING owner, expires_at, holder_host, holder_pid)
         SELECT owner, expires_at, holder_host, holder_pid FROM clamped
         UNION ALL
         SELECT owner, expires_at, holder_host, holder_pid FROM sync_leases
          WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM clamped)`,
        [key, nowIso, far],
      );
      const row = held.rows[0];
      if (!row) continue;
      const expiresAt = toIso(row.expires_at);
      if (this.heldByDeadLocalProcess(row.holder_host, row.holder_pid)) {
        // Not before its writes can no more land (dead-holder-keep.ts, audit 1): refused until then.
        const kept = await keepDeadHoldersLease(
          this.db,
          { key, owner: row.owner, expiresAt },
          nowIso,
          this.settleMs,
        );
        if (kept !== null) return { ok: false, heldBy: { owner: row.owner, expiresAt: kept } };
        // Only that holder's row: a live process may have taken the lease since the read.
        await this.db.query('DELETE FROM sync_leases WHERE key = $1 AND owner = $2', [key, row.owner]);
        continue;
      }
      return { ok: false, heldBy: { owner: row.owner, expiresAt } };
    }
    throw new Error(`lease ${key} is changing hands too fast to acquire`);
  }

  /** A holder on this machine whose process is gone (a pid elsewhere cannot be probed: it expires). */
  private heldByDeadLocalProcess(host: string | null, pid: number | null): boolean {
    const local = this.local;
    if (!local || host === null || pid === null || host !== local.self.host) return false;
    return pid !== local.self.pid && !local.alive(pid);
  }

  async renewLease(key: string, owner: string, now: string, ttlMs: number, take?: string): Promise<boolean> {
    const { expires, far } = leaseTimes(now, ttlMs);
    // Still ours even past expiry when nobody took it over: the run may go on safely. Never
    // earlier than it was (a lease kept while its holder's writes may land, core letGoOrKeep, is
    // not cut short by a heartbeat sent before): a later expiry stays unless it is past the
    // furthest trusted (a spoilt row, as acquireLease reads it). A take named: that take's only.
    const r = await this.db.query(
      `UPDATE sync_leases SET expires_at = ${neverEarlierSql('expires_at', '$3::timestamptz', '$4::timestamptz')}
       WHERE key = $1 AND owner = $2 AND ($5::text IS NULL OR take IS NOT DISTINCT FROM $5::text)
       RETURNING key`,
      [key, owner, expires, far, take ?? null],
    );
    return r.rows.length > 0;
  }

  /**
   * The statement that locks the fence's lease row until its transaction ends (an acquire by
   * another owner waits for it), its values spliced: it goes out with BEGIN (Db.transactionAfter).
   * No row when the owner no longer holds it (released, taken over, reaped): `leaseLost`. Past its
   * expiry it is still held while nobody took it over, as `renewLease` says.
   */
  static lockOf(fence: LeaseFence): string {
    return `SELECT key FROM sync_leases WHERE key = ${sqlLiteral(fence.key)} AND owner = ${sqlLiteral(fence.owner)} FOR UPDATE`;
  }

  /**
   * Flushed (not sql-unflushed.ts): a release a database crash lost brings back a row naming a
   * holder that may still be alive on this machine, kept LIVE_HOLDER_GRACE_MS past its expiry.
   */
  async releaseLease(key: string, owner: string, take?: string): Promise<void> {
    // `take IS NOT DISTINCT FROM`: a take named lets go of that take only (review RV11).
    await this.db.query(
      `DELETE FROM sync_leases WHERE key = $1 AND owner = $2
         AND ($3::text IS NULL OR take IS NOT DISTINCT FROM $3::text)`,
      [key, owner, take ?? null],
    );
  }

  /** As SyncStateStore.holdsLease: a row of one of `keys` under `owner`, expired or not. */
  async holdsLease(keys: readonly string[], owner: string): Promise<boolean> {
    const r = await this.db.query(
      'SELECT 1 FROM sync_leases WHERE key = ANY($1::text[]) AND owner = $2 LIMIT 1',
      [[...keys], owner],
    );
    return r.rows.length > 0;
  }
}
