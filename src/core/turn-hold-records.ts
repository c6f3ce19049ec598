/**
 * What the bounds on a company's create turn and its line (server/sync/turn-holds.ts) counted,
 * kept in the store (review R2): several facade processes serve one store behind a proxy
 * (docs/deploy.md §6), and a client renewing the turn alternately at two of them, or after a
 * restart, was never refused while each process counted only its own part. Implementations:
 * store/sql-turn-holds.ts (table sync_turn_holds), MemoryTurnHoldRecords below (one process: the
 * facade's routes without a database, tests).
 */

/** One hold of a company's create turn, or one user's stay in its line. Times are epoch ms. */
export interface TurnHoldRecord {
  /** The user the hold or stay is counted for. */
  readonly userId: string;
  /** A turn's hold: its lease owner. A stay: the owner of the user's place last taken. */
  readonly owner: string;
  /** When the hold or the stay began. */
  readonly sinceMs: number;
  /** A stay: when the place last taken or renewed ends (or ended: released). Null for a turn's hold. */
  readonly untilMs: number | null;
  /** A stay asked past its bound: until when its user is kept out of the line. Null when not. */
  readonly barredMs: number | null;
  /** From when the record counts for nothing: the store may drop it then. */
  readonly forgetMs: number;
}

/** A record as read, and its revision to write it back (0: there was none). */
export interface TurnHoldRead {
  readonly record: TurnHoldRecord | null;
  readonly rev: number;
}

export interface TurnHoldRecords {
  /** The record under `id` as stored (forgotten or not: the reader judges). */
  read(id: string): Promise<TurnHoldRead>;
  /**
   * Replaces the record under `id` with `next` (null: deletes it) when it is still at `rev` as
   * read; false, nothing written, when another write came between. May drop records forgotten by
   * `nowMs` on the way.
   */
  write(id: string, rev: number, next: TurnHoldRecord | null, nowMs: number): Promise<boolean>;
}

/** TurnHoldRecords of one process, in memory: what the store keeps, for a facade without a database. */
export class MemoryTurnHoldRecords implements TurnHoldRecords {
  private readonly rows = new Map<string, { readonly record: TurnHoldRecord; readonly rev: number }>();
  /** Revisions are never reused, so a record deleted and written again is not the one read. */
  private lastRev = 0;

  async read(id: string): Promise<TurnHoldRead> {
    return this.rows.get(id) ?? { record: null, rev: 0 };
  }

  async write(id: string, rev: number, next: TurnHoldRecord | null, nowMs: number): Promise<boolean> {
    if ((this.rows.get(id)?.rev ?? 0) !== rev) return false;
    if (rev === 0)
      for (const [other, row] of this.rows) if (row.record.forgetMs <= nowMs) this.rows.delete(other);
    if (next === null) this.rows.delete(id);
    else this.rows.set(id, { record: { ...next }, rev: ++this.lastRev });
    return true;
  }
}
