/**
 * Issue 10 §2: a run id names a run only within its user. With `id` alone as the key, saving a
 * record under another user's run id was refused (409), which told the caller that id exists;
 * keyed by (user_id, id), another user's id is simply unknown and a second record is that user's
 * own. `sync_run_items` referenced `sync_runs (id)`, which is no longer unique: the reference goes
 * (nothing writes the table; a future writer keys its rows by user too).
 */
export const migration006 = `
ALTER TABLE sync_run_items DROP CONSTRAINT IF EXISTS sync_run_items_run_id_fkey;
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_pkey;
ALTER TABLE sync_runs ADD PRIMARY KEY (user_id, id);
`;
