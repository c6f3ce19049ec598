import type { SyncScope } from '../core/ports.js';
import { pageLimit } from '../core/state-limits.js';
import type { Page, PageRequest, ScopeList } from '../core/state-limits.js';
import { assertRoomInScope, assertStorableText, assertWritableBatch } from '../core/state-refusal.js';
import type { Db } from './db.js';

/** A scope's keyed list: its table and key column (constants, never input). */
export interface ScopeTable {
  readonly list: ScopeList;
  readonly table: 'sync_links' | 'sync_conflicts' | 'sync_skipped' | 'sync_pending_creates';
  readonly key: 'bc_id' | 'key';
}

export const LINKS_TABLE: ScopeTable = { list: 'links', table: 'sync_links', key: 'bc_id' };
export const CONFLICTS_TABLE: ScopeTable = { list: 'conflicts', table: 'sync_conflicts', key: 'bc_id' };
export const SKIPPED_TABLE: ScopeTable = { list: 'skipped', table: 'sync_skipped', key: 'key' };
export const PENDING_TABLE: ScopeTable = { list: 'pending', table: 'sync_pending_creates', key: 'bc_id' };

/**
 * One page of a scope's list in code-point order (F46): `limit + 1` rows after `page.after` read
 * through the `COLLATE "C"` index (migration 011), the extra row only telling whether more follow.
 * `columns` must select the key column; `toItem` turns a row into the port's entry.
 */
export async function pageRows<R extends Record<string, unknown>, T>(
  db: Db,
  t: ScopeTable,
  columns: string,
  scope: SyncScope,
  page: PageRequest,
  toItem: (row: R) => T,
): Promise<Page<T>> {
  assertStorableText(page.after ?? '');
  const limit = pageLimit(page.limit);
  const params: unknown[] = [scope.userId, scope.folderId, limit + 1];
  let after = '';
  if (page.after !== undefined) {
    params.push(page.after);
    after = `AND ${t.key} COLLATE "C" > $4`;
  }
  const r = await db.query<R>(
    `SELECT ${columns} FROM ${t.table} WHERE user_id = $1 AND folder_id = $2 ${after}
     ORDER BY ${t.key} COLLATE "C" LIMIT $3`,
    params,
  );
  const rows = r.rows.slice(0, limit);
  const last = rows.at(-1);
  return {
    items: rows.map(toItem),
    next: r.rows.length > limit && last !== undefined ? String(last[t.key]) : null,
  };
}

/**
 * Refuses (`scopeFull`) a write that would take the scope's list past `cap`, before it is made:
 * `upserts` are the keys written, `remove` those deleted after them; with `replace` the list is
 * emptied first. Costs one statement over the write's keys, and a count of the scope (one index)
 * only when the list grows. Two writers of one scope at once (the run lease allows one) could each
 * pass with one write.
 */
export async function assertRoomFor(
  db: Db,
  t: ScopeTable,
  scope: SyncScope,
  write: {
    readonly upserts: readonly string[];
    readonly remove: readonly string[];
    readonly replace?: boolean;
  },
  cap: number,
): Promise<void> {
  const count = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${t.table} WHERE user_id = $1 AND folder_id = $2`,
        [scope.userId, scope.folderId],
      )
    ).rows[0]?.n ?? 0;
  if (write.replace) {
    const removed = new Set(write.remove);
    const after = write.upserts.filter((k) => !removed.has(k)).length;
    if (after > cap) assertRoomInScope(t.list, await count(), after, cap);
    return;
  }
  if (write.upserts.length === 0) return;
  const r = await db.query<{ added: number; removed: number }>(
    `SELECT
       (SELECT count(*)::int FROM unnest($3::text[]) AS w(k)
         WHERE NOT (w.k = ANY($4::text[]))
           AND NOT EXISTS (SELECT 1 FROM ${t.table} s
                            WHERE s.user_id = $1 AND s.folder_id = $2 AND s.${t.key} = w.k)) AS added,
       (SELECT count(*)::int FROM ${t.table}
         WHERE user_id = $1 AND folder_id = $2 AND ${t.key} = ANY($4::text[])) AS removed`,
    [scope.userId, scope.folderId, [...write.upserts], [...write.remove]],
  );
  const { added = 0, removed = 0 } = r.rows[0] ?? {};
  if (added <= removed) return;
  const current = await count();
  assertRoomInScope(t.list, current, current + added - removed, cap);
}

/**
 * A scope's list of records keyed by one field (conflicts by `bcId`, skipped contacts by `key`):
 * listed and paged in code-point order, and written as one batch — checked (assertWritableBatch,
 * assertRoomFor), then in one transaction: with `replace` the list emptied first, the entries
 * upserted by the list's own statement (`upsert`, one INSERT through `unnest`), the keys in
 * `remove` deleted.
 */
export class SqlScopeList<
  K extends string,
  T extends Readonly<Record<K, string>>,
  R extends Record<string, unknown>,
> {
  constructor(
    private readonly db: Db,
    private readonly t: ScopeTable,
    private readonly rows: {
      /** The columns read, the key column among them. */
      readonly columns: string;
      readonly toItem: (row: R) => T;
      readonly keyField: K;
      readonly upsert: (tx: Db, scope: SyncScope, entries: readonly T[]) => Promise<unknown>;
    },
    private readonly cap: number,
  ) {}

  async list(scope: SyncScope): Promise<T[]> {
    const r = await this.db.query<R>(
      `SELECT ${this.rows.columns} FROM ${this.t.table} WHERE user_id = $1 AND folder_id = $2
       ORDER BY ${this.t.key} COLLATE "C"`,
      [scope.userId, scope.folderId],
    );
    return r.rows.map(this.rows.toItem);
  }

  page(scope: SyncScope, page: PageRequest): Promise<Page<T>> {
    return pageRows(this.db, this.t, this.rows.columns, scope, page, this.rows.toItem);
  }

  async put(
    scope: SyncScope,
    entries: readonly T[],
    options: { readonly replace?: boolean; readonly remove?: readonly string[] },
  ): Promise<void> {
    const { t, rows } = this;
    assertWritableBatch(scope, entries, [rows.keyField]);
    const remove = options.remove ?? [];
    const upserts = entries.map((e) => e[rows.keyField]);
    await assertRoomFor(this.db, t, scope, { upserts, remove, replace: options.replace }, this.cap);
    await this.db.transaction(async (tx) => {
      if (options.replace) {
        await tx.query(`DELETE FROM ${t.table} WHERE user_id = $1 AND folder_id = $2`, [
          scope.userId,
          scope.folderId,
        ]);
      }
      if (entries.length > 0) await rows.upsert(tx, scope, entries);
      if (remove.length > 0) {
        await tx.query(
          `DELETE FROM ${t.table} WHERE user_id = $1 AND folder_id = $2 AND ${t.key} = ANY($3::text[])`,
          [scope.userId, scope.folderId, [...remove]],
        );
      }
    });
  }
}
