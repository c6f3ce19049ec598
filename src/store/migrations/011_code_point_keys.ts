/**
 * Keyset paging of a scope's links, skipped entries and conflicts (F46): the stores list them in
 * code-point order (`COLLATE "C"`, the order MemorySyncStateStore and every client use), but the
 * primary keys are in the database's default collation, so a page "after key k, first n" sorted
 * the whole scope first (30,000 rows for one). These indexes are in that order: a page reads its
 * n rows, and a count of a scope (the per-scope cap) reads one index.
 */
export const migration011 = `
CREATE INDEX sync_links_scope_code_point ON sync_links (user_id, folder_id, bc_id COLLATE "C");
CREATE INDEX sync_conflicts_scope_code_point ON sync_conflicts (user_id, folder_id, bc_id COLLATE "C");
CREATE INDEX sync_skipped_scope_code_point ON sync_skipped (user_id, folder_id, key COLLATE "C");
`;
