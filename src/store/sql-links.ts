import { KeyedListsStore } from '../core/keyed-lists-store.js';
import type { Link } from '../core/link.js';
import { storedLink } from '../core/stored-values.js';
import { TextPool } from '../core/text-pool.js';
import type { SyncFields } from '../core/model.js';
import type { OutlookOwnValues } from '../core/owned-values.js';
import type { LinkKeys, SyncScope } from '../core/ports.js';
import type { Page, PageRequest } from '../core/state-limits.js';
import type { Db } from './db.js';
import { assertStorableText, assertWritableBatch, isUniqueViolation, outlookIdTaken } from './sql-helpers.js';
import { LINKS_TABLE, assertRoomFor, pageRows } from './sql-scope-lists.js';

/**
 * The links and pending creates of SqlSyncStateStore (tables sync_links, sync_pending_creates):
 * one statement per batch through `unnest` of parallel arrays. The store's base class, so these
 * methods are the port's own (no forwarding line per method); the store adds the rest.
 */
export abstract class SqlLinks extends KeyedListsStore {
  /** `cap`: most links one scope holds (STATE_LIMITS.perScope.links in the product). */
  constructor(
    protected readonly db: Db,
    private readonly cap: number,
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
    if (keys.bcIds.length === 0 && keys.outlookIds.length === 0) return [];
    // Both keys are indexed (primary key, sync_links_outlook_unique): two index scans, not a table scan.
    return this.selectLinks('AND (bc_id = ANY($3::text[]) OR outlook_id = ANY($4::text[]))', [
      scope.userId,
      scope.folderId,
      [...keys.bcIds],
      [...keys.outlookIds],
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
      this.cap,
    );
    try {
      await this.db.query(
        `INSERT INTO sync_links (user_id, folder_id, bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own,
           outlook_holds_base)
         SELECT $1, $2, b, o, j::jsonb, e, k, w::jsonb, h
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[])
           AS t(b, o, j, e, k, w, h)
         ON CONFLICT (user_id, folder_id, bc_id) DO UPDATE SET outlook_id = excluded.outlook_id,
           base = excluded.base, bc_etag = excluded.bc_etag, outlook_change_key = excluded.outlook_change_key,
           outlook_own = excluded.outlook_own, outlook_holds_base = excluded.outlook_holds_base`,
        [
          scope.userId,
          scope.folderId,
          links.map((l) => l.bcId),
          links.map((l) => l.outlookId),
          links.map((l) => JSON.stringify(l.base)),
          links.map((l) => l.bcEtag),
          links.map((l) => l.outlookChangeKey),
          links.map((l) => (l.outlookOwn ? JSON.stringify(l.outlookOwn) : null)),
          links.map((l) => l.outlookHoldsBase ?? null),
        ],
      );
    } catch (err) {
      if (!isUniqueViolation(err, 'sync_links_outlook_unique')) throw err;
      // Which outlookId is taken is read back as data (the statement wrote nothing), not parsed
      // from PostgreSQL's detail text: the batch's first one linked to a bcId outside the batch.
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
    await this.db.query(
      `INSERT INTO sync_pending_creates (user_id, folder_id, bc_id)
       SELECT DISTINCT $1, $2, b FROM unnest($3::text[]) AS t(b) ON CONFLICT DO NOTHING`,
      [scope.userId, scope.folderId, [...bcIds]],
    );
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
