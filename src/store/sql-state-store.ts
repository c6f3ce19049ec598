import { settingsInTextForm } from '../core/settings-rules.js';
import type { ConflictRecord } from '../core/merge.js';
import type { Link } from '../core/link.js';
import type { SyncFields } from '../core/model.js';
import type { OutlookOwnValues } from '../core/owned-values.js';
import type {
  ConflictEntry,
  LeaseHolder,
  LeaseResult,
  LinkKeys,
  SkipEntry,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from '../core/ports.js';
import type { RunRecord, SkipRecord, SyncSettings } from '../core/records.js';
import type { LocalProcesses } from '../platform/local-process.js';
import type { Db } from './db.js';
import {
  assertStorableText,
  assertUniqueKeys,
  isUniqueViolation,
  outlookIdFromDetail,
  outlookIdTaken,
  toIso,
} from './sql-helpers.js';

/**
 * `SyncStateStore` on the PostgreSQL dialect (PGlite or a server). Every statement is
 * parameterised; batches go in one statement through `unnest` of parallel arrays, so 5,000 links
 * cost one round trip. Refusals use the same messages as `MemorySyncStateStore`.
 */
export class SqlSyncStateStore implements SyncStateStore {
  /**
   * `local`: this process and its machine's process table, so leases name their holder and one
   * held by a dead process of this machine is taken over at once (absent: leases only expire).
   */
  constructor(
    private readonly db: Db,
    private readonly local?: LocalProcesses,
  ) {}

  async getSettings(userId: string): Promise<SyncSettings | null> {
    const r = await this.db.query<{ settings: SyncSettings }>(
      'SELECT settings FROM sync_settings WHERE user_id = $1',
      [userId],
    );
    return r.rows[0]?.settings ?? null;
  }

  async putSettings(userId: string, settings: SyncSettings): Promise<void> {
    assertStorableText([userId, settings]);
    await this.db.query(
      `INSERT INTO sync_settings (user_id, settings, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      [userId, JSON.stringify(settingsInTextForm(settings))],
    );
  }

  async getCursor(scope: SyncScope): Promise<SyncCursor | null> {
    const r = await this.db.query<{
      bc_delta_link: string | null;
      delta_link: string | null;
      filter_key: string;
    }>(
      'SELECT bc_delta_link, delta_link, filter_key FROM sync_cursors WHERE user_id = $1 AND folder_id = $2',
      [scope.userId, scope.folderId],
    );
    const row = r.rows[0];
    return row
      ? { bcDeltaLink: row.bc_delta_link, deltaLink: row.delta_link, filterKey: row.filter_key }
      : null;
  }

  async putCursor(scope: SyncScope, cursor: SyncCursor): Promise<void> {
    assertStorableText([scope, cursor]);
    await this.db.query(
      `INSERT INTO sync_cursors (user_id, folder_id, bc_delta_link, delta_link, filter_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, folder_id) DO UPDATE SET bc_delta_link = excluded.bc_delta_link,
         delta_link = excluded.delta_link, filter_key = excluded.filter_key`,
      [scope.userId, scope.folderId, cursor.bcDeltaLink, cursor.deltaLink, cursor.filterKey],
    );
  }

  async listLinks(scope: SyncScope): Promise<Link[]> {
    return this.selectLinks('', [scope.userId, scope.folderId]);
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
    const r = await this.db.query<{
      bc_id: string;
      outlook_id: string;
      base: SyncFields;
      bc_etag: string;
      outlook_change_key: string;
      outlook_own: OutlookOwnValues | null;
    }>(
      `SELECT bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own FROM sync_links
       WHERE user_id = $1 AND folder_id = $2 ${where} ORDER BY bc_id COLLATE "C"`,
      params,
    );
    return r.rows.map((row) => ({
      bcId: row.bc_id,
      outlookId: row.outlook_id,
      base: row.base,
      bcEtag: row.bc_etag,
      outlookChangeKey: row.outlook_change_key,
      ...(row.outlook_own ? { outlookOwn: row.outlook_own } : {}),
    }));
  }

  async upsertLinks(scope: SyncScope, links: readonly Link[]): Promise<void> {
    assertStorableText([scope, links]);
    if (links.length === 0) return;
    assertUniqueKeys(
      links.map((l) => l.bcId),
      'bcId',
    );
    assertUniqueKeys(
      links.map((l) => l.outlookId),
      'outlookId',
    );
    try {
      await this.db.query(
        `INSERT INTO sync_links (user_id, folder_id, bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own)
         SELECT $1, $2, b, o, j::jsonb, e, k, w::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(b, o, j, e, k, w)
         ON CONFLICT (user_id, folder_id, bc_id) DO UPDATE SET outlook_id = excluded.outlook_id,
           base = excluded.base, bc_etag = excluded.bc_etag, outlook_change_key = excluded.outlook_change_key,
           outlook_own = excluded.outlook_own`,
        [
          scope.userId,
          scope.folderId,
          links.map((l) => l.bcId),
          links.map((l) => l.outlookId),
          links.map((l) => JSON.stringify(l.base)),
          links.map((l) => l.bcEtag),
          links.map((l) => l.outlookChangeKey),
          links.map((l) => (l.outlookOwn ? JSON.stringify(l.outlookOwn) : null)),
        ],
      );
    } catch (err) {
      if (isUniqueViolation(err, 'sync_links_outlook_unique')) {
        throw outlookIdTaken(outlookIdFromDetail(err) ?? '(unknown)');
      }
      throw err;
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

  async acquireLease(
    key: string,
    owner: string,
    now: string,
    ttlMs: number,
    holder?: LeaseHolder | null,
  ): Promise<LeaseResult> {
    assertStorableText([key, owner]);
    const nowIso = toIso(now);
    const expires = new Date(Date.parse(nowIso) + ttlMs).toISOString();
    const by = holder === undefined ? (this.local?.self ?? null) : holder;
    // A holder may release (or be found dead) between the refused upsert and the read: try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const won = await this.db.query(
        `INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid)
         VALUES ($1, $2, $3::timestamptz, $5, $6)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
           holder_host = excluded.holder_host, holder_pid = excluded.holder_pid
         WHERE sync_leases.expires_at <= $4::timestamptz OR sync_leases.owner = excluded.owner
         RETURNING key`,
        [key, owner, expires, nowIso, by?.host ?? null, by?.pid ?? null],
      );
      if (won.rows.length > 0) return { ok: true };
      const held = await this.db.query<{
        owner: string;
        expires_at: Date | string;
        holder_host: string | null;
        holder_pid: number | null;
      }>('SELECT owner, expires_at, holder_host, holder_pid FROM sync_leases WHERE key = $1', [key]);
      const row = held.rows[0];
      if (!row) continue;
      if (this.heldByDeadLocalProcess(row.holder_host, row.holder_pid)) {
        // Only that holder's row: a live process may have taken the lease since the read.
        await this.db.query('DELETE FROM sync_leases WHERE key = $1 AND owner = $2', [key, row.owner]);
        continue;
      }
      return { ok: false, heldBy: { owner: row.owner, expiresAt: toIso(row.expires_at) } };
    }
    throw new Error(`lease ${key} is changing hands too fast to acquire`);
  }

  /** A holder on this machine whose process is gone (a pid elsewhere cannot be probed: it expires). */
  private heldByDeadLocalProcess(host: string | null, pid: number | null): boolean {
    const local = this.local;
    if (!local || host === null || pid === null || host !== local.self.host) return false;
    return pid !== local.self.pid && !local.alive(pid);
  }

  async renewLease(key: string, owner: string, now: string, ttlMs: number): Promise<boolean> {
    const expires = new Date(Date.parse(toIso(now)) + ttlMs).toISOString();
    // Still ours even past expiry when nobody took it over: the run may go on safely.
    const r = await this.db.query(
      'UPDATE sync_leases SET expires_at = $3::timestamptz WHERE key = $1 AND owner = $2 RETURNING key',
      [key, owner, expires],
    );
    return r.rows.length > 0;
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    await this.db.query('DELETE FROM sync_leases WHERE key = $1 AND owner = $2', [key, owner]);
  }

  async saveRun(run: RunRecord): Promise<void> {
    assertStorableText(run);
    // Keyed (user_id, id) since migration 006: another user's run id is simply unknown here.
    await this.db.query(
      `INSERT INTO sync_runs (id, user_id, started_at, record) VALUES ($1, $2, $3::timestamptz, $4::jsonb)
       ON CONFLICT (user_id, id) DO UPDATE SET started_at = excluded.started_at, record = excluded.record`,
      [run.id, run.userId, toIso(run.startedAt), JSON.stringify(run)],
    );
  }

  async getRun(userId: string, runId: string): Promise<RunRecord | null> {
    const r = await this.db.query<{ record: RunRecord }>(
      'SELECT record FROM sync_runs WHERE id = $1 AND user_id = $2',
      [runId, userId],
    );
    return r.rows[0]?.record ?? null;
  }

  async listRuns(userId: string, limit: number): Promise<RunRecord[]> {
    const r = await this.db.query<{ record: RunRecord }>(
      `SELECT record FROM sync_runs WHERE user_id = $1 ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT $2`,
      [userId, Math.max(0, Math.floor(limit))],
    );
    return r.rows.map((row) => row.record);
  }

  async listConflicts(scope: SyncScope): Promise<ConflictEntry[]> {
    const r = await this.db.query<{ bc_id: string; outlook_id: string; record: ConflictRecord }>(
      `SELECT bc_id, outlook_id, record FROM sync_conflicts WHERE user_id = $1 AND folder_id = $2
       ORDER BY bc_id COLLATE "C"`,
      [scope.userId, scope.folderId],
    );
    return r.rows.map((row) => ({ bcId: row.bc_id, outlookId: row.outlook_id, record: row.record }));
  }

  async putConflicts(
    scope: SyncScope,
    upserts: readonly ConflictEntry[],
    remove: readonly string[],
  ): Promise<void> {
    assertStorableText([scope, upserts]);
    assertUniqueKeys(
      upserts.map((c) => c.bcId),
      'bcId',
    );
    await this.db.transaction(async (tx) => {
      if (upserts.length > 0) {
        await tx.query(
          `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record)
           SELECT $1, $2, b, o, r::jsonb FROM unnest($3::text[], $4::text[], $5::text[]) AS t(b, o, r)
           ON CONFLICT (user_id, folder_id, bc_id) DO UPDATE SET outlook_id = excluded.outlook_id,
             record = excluded.record`,
          [
            scope.userId,
            scope.folderId,
            upserts.map((c) => c.bcId),
            upserts.map((c) => c.outlookId),
            upserts.map((c) => JSON.stringify(c.record)),
          ],
        );
      }
      if (remove.length > 0) {
        await tx.query(
          'DELETE FROM sync_conflicts WHERE user_id = $1 AND folder_id = $2 AND bc_id = ANY($3::text[])',
          [scope.userId, scope.folderId, [...remove]],
        );
      }
    });
  }

  async listSkipped(scope: SyncScope): Promise<SkipEntry[]> {
    const r = await this.db.query<{
      key: string;
      record: Omit<SkipRecord, 'bcNumber'> & { bcNumber?: string };
    }>(
      'SELECT key, record FROM sync_skipped WHERE user_id = $1 AND folder_id = $2 ORDER BY key COLLATE "C"',
      [scope.userId, scope.folderId],
    );
    // Records stored before skip records carried BC's No. read as "not known".
    return r.rows.map((row) => ({
      key: row.key,
      record: { ...row.record, bcNumber: row.record.bcNumber ?? '' },
    }));
  }

  async putSkipped(
    scope: SyncScope,
    entries: readonly SkipEntry[],
    options: { readonly replace: boolean; readonly remove?: readonly string[] },
  ): Promise<void> {
    assertStorableText([scope, entries]);
    assertUniqueKeys(
      entries.map((e) => e.key),
      'key',
    );
    const remove = options.remove ?? [];
    await this.db.transaction(async (tx) => {
      if (options.replace) {
        await tx.query('DELETE FROM sync_skipped WHERE user_id = $1 AND folder_id = $2', [
          scope.userId,
          scope.folderId,
        ]);
      }
      if (entries.length > 0) {
        await tx.query(
          `INSERT INTO sync_skipped (user_id, folder_id, key, record)
           SELECT $1, $2, k, r::jsonb FROM unnest($3::text[], $4::text[]) AS t(k, r)
           ON CONFLICT (user_id, folder_id, key) DO UPDATE SET record = excluded.record`,
          [
            scope.userId,
            scope.folderId,
            entries.map((e) => e.key),
            entries.map((e) => JSON.stringify(e.record)),
          ],
        );
      }
      if (remove.length > 0) {
        await tx.query(
          'DELETE FROM sync_skipped WHERE user_id = $1 AND folder_id = $2 AND key = ANY($3::text[])',
          [scope.userId, scope.folderId, [...remove]],
        );
      }
    });
  }
}
