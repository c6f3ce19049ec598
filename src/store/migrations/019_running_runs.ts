/**
 * Review V7: a `running` record that nothing runs (a PUT over the state API without a lease, a run
 * whose end was never stored after its lease was let go or taken over) is marked `interrupted` by
 * every process's reaper at each heartbeat (interrupted-runs.ts), no longer only at a start-up.
 * Each sweep asks for the `running` records: this index holds only those (a few per user at
 * most), so the sweep reads no row of the history (up to 1,000 records a user).
 */
export const migration019 = `
CREATE INDEX sync_runs_running ON sync_runs (user_id, id) WHERE (record->>'status') = 'running';
`;
