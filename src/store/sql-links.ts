import { KeyedListsStore } from '../core/keyed-lists-store.js';
import type { Link } from '../core/link.js';
import { storedLink } from '../core/stored-values.js';
import { TextPool } from '../core/text-pool.js';
import type { SyncFields } from '../core/model.js';
import type { OutlookOwnValues } from '../core/owned-values.js';
import { leaseLost } from '../core/lease-fence.js';
import type { LeaseFence, LinkKeys, SyncScope } from '../core/ports.js';
import type { Page, PageRequest, ScopeCaps } from '../core/state-limits.js';
import type { Db } from './db.js';
import { transactionAfter } from './db.js';
import { SqlLeases } from './sql-leases.js';
import { assertStorableText, assertWritableBatch, isUniqueViolation, outlookIdTaken } from './sql-helpers.js';
import { assertRoomInScope } from '../core/state-refusal.js';
import { LINKS_TABLE, PENDING_TABLE, assertRoomFor, pageRows } from './sql-scope-lists.js';

/**
 * The links and pending creates of SqlSyncStateStore (tables sync_links, sync_pending_creates):
 * one statement per batch through `unnest` of parallel arrays. The store's base class, so these
 * methods are the port's own (no forwarding line per method); the store adds the rest.
 */
export abstract class SqlLinks extends KeyedListsStore {
  /** `caps`: most links and pending creates one scope holds (STATE_LIMITS.perScope in the product). */
  constructor(
    protected readonly db: Db,
    protected readonly caps: ScopeCaps,
  ) {
    super();
  }

  async listLinks(scope: SyncScope): Promise<Link[]> {
    return this.selectLinks('', [scope.userId, scope.folderId]);
  }

  async pageLinks(scope: SyncScope, page: PageRequest): Promise<Page<Link>> {
    return pageRows(this.db, LINKS_TABLE, LINK_COLUMNS, scope, page, (row: LinkRow) => linkOf(row));
  }

  async findLinks(scope: SyncScope, keys: LinkKeys): Promise<Link[]> {
    const { bcIds, outlookIds } = keys;
    if (bcIds.length === 0 && outlookIds.length === 0) return [];
    // Both keys are indexed (primary key, sync_links_outlook_unique). A key with no ids is left out
    // of the statement: `bc_id = ANY('{}') OR outlook_id = ANY(…)` was planned as a filtered scan of
    // the folder's links, the key alone as a look-up in its index (issue 12, delta-outlook-1pct:
    // a delta's reported ids, before Graph's reads by id; 10,000 links, 150 ids, analyzed table:
    // 2.1 ms executing, 0.5 ms on the key alone).
    if (bcIds.length === 0)
      return this.selectLinks('AND outlook_id = ANY($3::text[])', [
        scope.userId,
        scope.folderId,
        [...outlookIds],
      ]);
    if (outlookIds.length === 0)
      return this.selectLinks('AND bc_id = ANY($3::text[])', [scope.userId, scope.folderId, [...bcIds]]);
    return this.selectLinks('AND (bc_id = ANY($3::text[]) OR outlook_id = ANY($4::text[]))', [
      scope.userId,
      scope.folderId,
      [...bcIds],
      [...outlookIds],
    ]);
  }

  async countLinks(scope: SyncScope): Promise<number> {
    const r = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_links WHERE user_id = $1 AND folder_id = $2',
      [scope.userId, scope.folderId],
    );
    return r.rows[0]?.n ?? 0;
  }

  private async selectLinks(where: string, params: unknown[]): Promise<Link[]> {
    const r = await this.db.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM sync_links
       WHERE user_id = $1 AND folder_id = $2 ${where} ORDER BY bc_id COLLATE "C"`,
      params,
    );
    // One pool for the read: links of one company's contacts share its texts (text-pool.ts).
    const pool = new TextPool();
    return r.rows.map((row) => linkOf(row, pool));
  }

  async upsertLinks(scope: SyncScope, links: readonly Link[]): Promise<void> {
    assertWritableBatch(scope, links, ['bcId', 'outlookId']);
    if (links.length === 0) return;
    await assertRoomFor(
      this.db,
      LINKS_TABLE,
      scope,
      { upserts: links.map((l) => l.bcId), remove: [] },
      this.caps.links,
    );
    await this.takenAsRefusal(scope, links, () =>
      this.db.query(`INSERT INTO ${LINK_INSERT} ${LINK_ROWS} ${LINK_UPSERT}`, linkParams(scope, links)),
    );
  }

  /**
   * `upsertLinks` as `fence`'s owner writes it (the fenced view's). A batch that adds no link to the
   * scope (the links of updated contacts, a delta's usual batch) is ONE statement instead of a
   * transaction of four round trips, as saveRunFenced: the lease row locked FOR UPDATE in it, which
   * writes only from it (issue 12 §2: the links after a run's last writes stood before its end).
   * A batch that grows the scope is counted against the cap after the lease row's lock, in a
   * transaction: one statement's snapshot is taken before it waits on that lock, so beside another
   * link write of the same holder (two groups of one run, a repeated request) it counted the scope
   * without the other's links and wrote past the cap (the review's fenced-links-cap-race).
   * @throws LeaseLostError `fence.owner` does not hold `fence.key` (nothing written).
   * @throws StateStoreRefusal as `upsertLinks` (scopeFull, duplicateInBatch, outlookIdTaken).
   */
  protected async upsertLinksFenced(
    fence: LeaseFence,
    scope: SyncScope,
    links: readonly Link[],
  ): Promise<void> {
    assertWritableBatch(scope, links, ['bcId', 'outlookId']);
    assertStorableText(fence);
    if (links.length === 0) return;
    // `added`: bcIds new to the scope; the batch is written here only when there is none.
    const r = await this.takenAsRefusal(scope, links, () =>
      this.db.query<{ held: number; added: number }>(
        `WITH held AS (SELECT key FROM sync_leases WHERE key = $10 AND owner = $11 FOR UPDATE),
         rows AS (${LINK_ROWS}),
         added AS (SELECT count(*)::int AS n FROM rows
           WHERE NOT EXISTS (SELECT 1 FROM sync_links s WHERE s.user_id = $1 AND s.folder_id = $2 AND s.bc_id = rows.b)),
         saved AS (INSERT INTO ${LINK_INSERT} SELECT * FROM rows
           WHERE EXISTS (SELECT 1 FROM held) AND (SELECT n = 0 FROM added)
           ${LINK_UPSERT} RETURNING 1)
         SELECT (SELECT count(*) FROM held)::int AS held, (SELECT n FROM added) AS added`,
        [...linkParams(scope, links), fence.key, fence.owner],
      ),
    );
    const row = r.rows[0];
    if (!row || row.held === 0) throw leaseLost();
    if (row.added === 0) return;
    // The clash on a taken Outlook id is read back outside the transaction (it is aborted by then).
    await this.takenAsRefusal(scope, links, () =>
      transactionAfter(this.db, SqlLeases.lockOf(fence), async (tx, held) => {
        if (held.length === 0) throw leaseLost();
        const upserts = links.map((l) => l.bcId);
        await assertRoomFor(tx, LINKS_TABLE, scope, { upserts, remove: [] }, this.caps.links);
        await tx.query(`INSERT INTO ${LINK_INSERT} ${LINK_ROWS} ${LINK_UPSERT}`, linkParams(scope, links));
      }),
    );
  }

  /**
   * A fenced write of the pending creates' or the links' removal (`clearPendingCreates`,
   * `deleteLinks` as `fence`'s owner writes them) as ONE statement, not a
   * transaction of three round trips (BEGIN with the lease row's lock, the write, COMMIT): `write`
   * is a data-modifying statement over $1 (user), $2 (folder) and $3 (the bcIds) that writes only
   * where `EXISTS (SELECT 1 FROM held)`, the lease row locked FOR UPDATE in the same statement (a
   * create call waited for the pending creates' transaction beside its one-statement announce).
   * @throws LeaseLostError `fence.owner` does not hold `fence.key` (nothing written).
   */
  protected async fencedKeysWrite(
    fence: LeaseFence,
    scope: SyncScope,
    bcIds: readonly string[],
    write: string,
  ): Promise<void> {
    assertStorableText([fence, scope, bcIds]);
    const r = await this.db.query<{ held: number }>(
      `WITH held AS (SELECT key FROM sync_leases WHERE key = $4 AND owner = $5 FOR UPDATE),
       written AS (${write})
       SELECT count(*)::int AS held FROM held`,
      [scope.userId, scope.folderId, [...bcIds], fence.key, fence.owner],
    );
    if ((r.rows[0]?.held ?? 0) === 0) throw leaseLost();
  }

  /**
   * `addPendingCreates` as `fence`'s owner writes it: ONE statement like `fencedKeysWrite` (it goes
   * out before a group's creates), which counts the scope's pending creates and the batch's new ones
   * in it and writes nothing past the cap (review V5). Its snapshot is taken before it waits on the
   * lease row's lock, so two writes of one holder at once could each pass with one batch: the list
   * is still bounded (cap + one request's STATE_REQUEST_LIMITS.ids).
   * @throws LeaseLostError `fence.owner` does not hold `fence.key` (nothing written).
   * @throws StateStoreRefusal scopeFull (nothing written).
   */
  protected async addPendingCreatesFenced(
    fence: LeaseFence,
    scope: SyncScope,
    bcIds: readonly string[],
  ): Promise<void> {
    assertStorableText([fence, scope, bcIds]);
    const r = await this.db.query<{ held: number; added: number; current: number }>(
      `WITH held AS (SELECT key FROM sync_leases WHERE key = $4 AND owner = $5 FOR UPDATE),
       rows AS (SELECT DISTINCT b FROM unnest($3::text[]) AS t(b)),
       added AS (SELECT count(*)::int AS n FROM rows WHERE NOT EXISTS (SELECT 1 FROM sync_pending_creates s
         WHERE s.user_id = $1 AND s.folder_id = $2 AND s.bc_id = rows.b)),
       present AS (SELECT count(*)::int AS n FROM sync_pending_creates WHERE user_id = $1 AND folder_id = $2),
       written AS (INSERT INTO sync_pending_creates (user_id, folder_id, bc_id)
         SELECT $1::text, $2::text, b FROM rows
         WHERE EXISTS (SELECT 1 FROM held) AND (SELECT n FROM added) + (SELECT n FROM present) <= $6::int
         ON CONFLICT DO NOTHING)
       SELECT (SELECT count(*) FROM held)::int AS held, (SELECT n FROM added) AS added,
         (SELECT n FROM present) AS current`,
      [scope.userId, scope.folderId, [...bcIds], fence.key, fence.owner, this.caps.pending],
    );
    const row = r.rows[0];
    if (!row || row.held === 0) throw leaseLost();
    assertRoomInScope('pending', row.current, row.current + row.added, this.caps.pending);
  }

  /**
   * Runs `upsert`; a clash on an Outlook id another bcId's link holds is refused as
   * `outlookIdTaken`: which one is read back as data (the statement wrote nothing), not parsed
   * from PostgreSQL's detail text — the batch's first one linked to a bcId outside the batch.
   */
  protected async takenAsRefusal<T>(
    scope: SyncScope,
    links: readonly Link[],
    upsert: () => Promise<T>,
  ): Promise<T> {
    try {
      return await upsert();
    } catch (err) {
      if (!isUniqueViolation(err, 'sync_links_outlook_unique')) throw err;
      const taken = await this.db.query<{ outlook_id: string }>(
        `SELECT l.outlook_id FROM unnest($3::text[]) WITH ORDINALITY AS t(o, i)
         JOIN sync_links l ON l.user_id = $1 AND l.folder_id = $2 AND l.outlook_id = t.o
         WHERE NOT (l.bc_id = ANY($4::text[])) ORDER BY t.i LIMIT 1`,
        [scope.userId, scope.folderId, links.map((l) => l.outlookId), links.map((l) => l.bcId)],
      );
      const outlookId = taken.rows[0]?.outlook_id;
      // None: another writer changed the scope since; the constraint's own error is the truth.
      if (outlookId === undefined) throw err;
      throw outlookIdTaken(outlookId);
    }
  }

  async deleteLinks(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    if (bcIds.length === 0) return;
    await this.db.query(
      'DELETE FROM sync_links WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($3::text[])',
      [scope.userId, scope.folderId, [...bcIds]],
    );
  }

  async addPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    assertStorableText([scope, bcIds]);
    if (bcIds.length === 0) return;
    await this.assertRoomForPending(this.db, scope, bcIds);
    await this.db.query(
      `INSERT INTO sync_pending_creates (user_id, folder_id, bc_id)
       SELECT DISTINCT $1, $2, b FROM unnest($3::text[]) AS t(b) ON CONFLICT DO NOTHING`,
      [scope.userId, scope.folderId, [...bcIds]],
    );
  }

  /** Refuses (`scopeFull`) pending creates that would take the scope past its cap (review V5). */
  protected assertRoomForPending(db: Db, scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    return assertRoomFor(db, PENDING_TABLE, scope, { upserts: bcIds, remove: [] }, this.caps.pending);
  }

  async pagePendingCreates(scope: SyncScope, page: PageRequest): Promise<Page<string>> {
    return pageRows(this.db, PENDING_TABLE, 'bc_id', scope, page, (row: { bc_id: string }) => row.bc_id);
  }

  async listPendingCreates(scope: SyncScope): Promise<string[]> {
    const r = await this.db.query<{ bc_id: string }>(
      'SELECT bc_id FROM sync_pending_creates WHERE user_id = $1 AND folder_id = $2 ORDER BY bc_id COLLATE "C"',
      [scope.userId, scope.folderId],
    );
    return r.rows.map((row) => row.bc_id);
  }

  async clearPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    if (bcIds.length === 0) return;
    await this.db.query(
      'DELETE FROM sync_pending_creates WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($3::text[])',
      [scope.userId, scope.folderId, [...bcIds]],
    );
  }
}

/** The fenced key writes (`SqlLinks.fencedKeysWrite`): $1 user, $2 folder, $3 bcIds; `held` the lease row. */
export const FENCED_KEY_WRITES = {
  clearPendingCreates: `DELETE FROM sync_pending_creates
    WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($3::text[]) AND EXISTS (SELECT 1 FROM held)`,
  deleteLinks: `DELETE FROM sync_links
    WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($3::text[]) AND EXISTS (SELECT 1 FROM held)`,
} as const;

/** The links table's columns an upsert writes. */
export const LINK_INSERT = `sync_links (user_id, folder_id, bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own,
  outlook_holds_base)`;
/** A batch of links as rows of LINK_INSERT: parallel arrays ($3 to $9, `linkParams`) through `unnest`. */
export const LINK_ROWS = `SELECT $1::text AS u, $2::text AS f, b, o, j::jsonb, e, k, w::jsonb, h
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[])
    AS t(b, o, j, e, k, w, h)`;
export const LINK_UPSERT = `ON CONFLICT (user_id, folder_id, bc_id) DO UPDATE SET outlook_id = excluded.outlook_id,
  base = excluded.base, bc_etag = excluded.bc_etag, outlook_change_key = excluded.outlook_change_key,
  outlook_own = excluded.outlook_own, outlook_holds_base = excluded.outlook_holds_base`;

/** LINK_ROWS' parameters $1 to $9. */
export function linkParams(scope: SyncScope, links: readonly Link[]): unknown[] {
  return [
    scope.userId,
    scope.folderId,
    links.map((l) => l.bcId),
    links.map((l) => l.outlookId),
    links.map((l) => JSON.stringify(l.base)),
    links.map((l) => l.bcEtag),
    links.map((l) => l.outlookChangeKey),
    links.map((l) => (l.outlookOwn ? JSON.stringify(l.outlookOwn) : null)),
    links.map((l) => l.outlookHoldsBase ?? null),
  ];
}

const LINK_COLUMNS = 'bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own, outlook_holds_base';

type LinkRow = {
  bc_id: string;
  outlook_id: string;
  base: SyncFields;
  bc_etag: string;
  outlook_change_key: string;
  outlook_own: OutlookOwnValues | null;
  outlook_holds_base: boolean | null;
};

/** A row as a run may trust it (core/stored-values.ts: a base or own values of another shape are mended). */
function linkOf(row: LinkRow, pool?: TextPool): Link {
  return storedLink(
    {
      bcId: row.bc_id,
      outlookId: row.outlook_id,
      base: row.base,
      bcEtag: row.bc_etag,
      outlookChangeKey: row.outlook_change_key,
      ...(row.outlook_own ? { outlookOwn: row.outlook_own } : {}),
      ...(row.outlook_holds_base === true ? { outlookHoldsBase: true as const } : {}),
    },
    pool,
  );
}
