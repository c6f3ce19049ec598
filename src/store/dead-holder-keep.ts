import type { RunRecord } from '../core/records.js';
import { uncertainTotal } from '../core/uncertain-writes.js';
import { announcedKeepEndMs, announcedTurnKeepEndMs } from './announced-keep.js';
import { announcedKeepMs, createTurnSlot } from '../core/lease.js';
import type { SyncScope } from '../core/ports.js';
import { turnOwnerOf } from '../core/turn-ahead.js';
import type { Db } from './db.js';

/**
 * When a lease whose holder is a dead process of this machine may be freed (audit 1): the holder
 * is gone, but writes it sent may still land for one write timeout. Every path that frees such a
 * lease early (the sweep's `deadHere`, run-reaper.ts; an acquire finding the holder dead,
 * sql-leases.ts) asks this first. Before, a stop with a create in flight kept its lease for the
 * settle (RunEnd.keepMs), and a restart a few seconds later freed it at its first sweep: the next
 * sync made the contact again when the late create landed (a duplicate).
 * - The lease's run has ended (its record no longer says `running`) counting writes sent without
 *   an answer: the row is there on purpose (RunEnd.keepMs), kept while they may land: until its own
 *   expiry (bounded when stored). An ended run's row left with none unanswered is freed at once.
 * - Its run's last checkpoint counts writes sent without an answer (`uncertain`, F114; a crash
 *   mid-write): until that checkpoint plus announcedKeepMs(`settleMs`). A write goes out after the
 *   checkpoint that announced it (run-leased.ts beforeSend), so it lands by then or never.
 * - Otherwise nothing of it can land: free at once, as before (a crash between writes).
 * Returns the keep's end (ms since the epoch), or null when there is none; never past
 * `now` + announcedKeepMs(settleMs) (a record whose clock ran ahead).
 */
function deadHolderKeepEndMs(
  records: readonly RunRecord[],
  expiresAt: string,
  nowMs: number,
  settleMs: number,
): number | null {
  let end: number | null = null;
  for (const r of records) {
    // The same writes the run's end keeps its lease for (run.ts: RunEnd.keepMs when uncertain).
    // A crash mid-write: the keep every save announcing writes gives (announced-keep.ts).
    const keep =
      uncertainTotal(r.uncertain) === 0
        ? null
        : r.status !== 'running'
          ? Date.parse(expiresAt)
          : announcedKeepEndMs(r, settleMs);
    if (keep !== null) end = Math.max(end ?? keep, keep);
  }
  return end === null ? null : Math.min(end, nowMs + announcedKeepMs(settleMs));
}

/**
 * Whether the dead holder's lease row (`key`, `owner`, `expiresAt` as read) is still kept at `now`
 * (deadHolderKeepEndMs; a company's create turn: while a record of the folder it is held for counts
 * BC creates out, turnKeepEndMs): then the row's expiry is moved out to the keep's end when that is later
 * (a crash's keep: its heartbeat's expiry is shorter), so the refusal says until when, and the
 * keep's end is returned; else null (free it).
 */
export async function keepDeadHoldersLease(
  db: Db,
  lease: { readonly key: string; readonly owner: string; readonly expiresAt: string },
  now: string,
  settleMs: number,
): Promise<string | null> {
  const nowMs = Date.parse(now);
  const turnOf = turnScopeOf(lease);
  const end = turnOf
    ? turnKeepEndMs(await runsIn(db, turnOf), lease.expiresAt, nowMs, settleMs)
    : deadHolderKeepEndMs(
        (
          await db.query<{ record: RunRecord }>('SELECT record FROM sync_runs WHERE id = $1', [lease.owner])
        ).rows.map((r) => r.record),
        lease.expiresAt,
        nowMs,
        settleMs,
      );
  if (end === null || end <= nowMs) return null;
  const until = new Date(end).toISOString();
  // Only that row as read, and never earlier than it was.
  await db.query(
    `UPDATE sync_leases SET expires_at = $4::timestamptz
     WHERE key = $1 AND owner = $2 AND expires_at = $3::timestamptz AND expires_at < $4::timestamptz`,
    [lease.key, lease.owner, lease.expiresAt, until],
  );
  return new Date(Math.max(end, Date.parse(lease.expiresAt))).toISOString();
}

/**
 * The folder a company's create turn row is held for (lease.ts createTurnKey; its owner a run's,
 * turn-ahead.ts turnOwnerOf: the same for every run of the folder), or null for any other row. A
 * turn's owner is no run id: read by id, a dead process's turn with creates out found no record
 * and was freed at once — a colleague's run on this machine took it 1 s after the holder was
 * killed and made the contact a second time once the killed run's create landed.
 */
function turnScopeOf(lease: { readonly key: string; readonly owner: string }): SyncScope | null {
  if (createTurnSlot(lease.key) !== 0) return null;
  try {
    const owner: unknown = JSON.parse(lease.owner);
    if (!Array.isArray(owner) || owner.length !== 3 || owner[0] !== 'run') return null;
    const [, userId, folderId] = owner as unknown[];
    if (typeof userId !== 'string' || typeof folderId !== 'string') return null;
    return turnOwnerOf({ userId, folderId }) === lease.owner ? { userId, folderId } : null;
  } catch {
    return null;
  }
}

/**
 * The `running` and `interrupted` records of `scope`'s folder (a create turn's runs: at most one
 * holds its lease). An interrupted one too: a restart's sweep marks the dead holder's run so while
 * keeping its folder lease (interrupted-runs.ts), and a turn that looked for `running` records only
 * was then freed at once while the run's creates could still land.
 */
async function runsIn(db: Db, scope: SyncScope): Promise<RunRecord[]> {
  const r = await db.query<{ record: RunRecord }>(
    `SELECT record FROM sync_runs
     WHERE user_id = $1 AND record->>'folderId' = $2 AND record->>'status' IN ('running', 'interrupted')`,
    [scope.userId, scope.folderId],
  );
  return r.rows.map((row) => row.record);
}

/**
 * The keep a dead holder's create turn has while a record of its folder counts BC creates out: a
 * running one's save keeps it announcedKeepMs (this host's, as deadHolderKeepEndMs; never past it
 * from `now`), or the row's own expiry when later — the holder's save moved it out by the holder's
 * settle (LeaseFence.turn), which may be longer than this host's; an interrupted one (its holder
 * found dead, the record marked) keeps it to the row's own expiry, as deadHolderKeepEndMs keeps an
 * ended run's lease. Null when no creates are out.
 */
function turnKeepEndMs(
  records: readonly RunRecord[],
  expiresAt: string,
  nowMs: number,
  settleMs: number,
): number | null {
  const running = records.map((r) => announcedTurnKeepEndMs(r, settleMs)).filter((e) => e !== null);
  const ended = records.some((r) => r.status === 'interrupted' && (r.uncertain?.bc.created ?? 0) > 0);
  if (running.length === 0) return ended ? Date.parse(expiresAt) : null;
  return Math.max(Math.min(Math.max(...running), nowMs + announcedKeepMs(settleMs)), Date.parse(expiresAt));
}
