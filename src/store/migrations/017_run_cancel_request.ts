/**
 * Review R3: a cancel sent to a facade process that does not run the run (several processes behind
 * a proxy, docs/deploy.md §6) was answered 409 and lost. The process that gets it now marks the
 * run's row (sql-run-cancel.ts); the process running the run reads the mark on its next poll and
 * cancels as a local cancel does. A column of its own, not a field of `record`: the runner's
 * checkpoints upsert `record` whole (RUN_UPSERT) and would wipe a mark kept there.
 */
export const migration017 = `
ALTER TABLE sync_runs ADD COLUMN cancel_requested_at timestamptz;
`;
