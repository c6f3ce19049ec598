/**
 * Review R2: the bounds on a company's create turn held through the sync API's lease routes
 * (server/sync/turn-holds.ts) were counted in each facade process's memory, so a client renewing
 * the turn alternately at two processes behind a proxy (docs/deploy.md §6), or after a restart,
 * held it past the bound (118 s against 60 s, measured). What they count is kept here
 * (store/sql-turn-holds.ts): one row per turn's hold (its key and lease owner) and per user's
 * stay in a company's line, not on the lease rows: a stay outlives them (its places are released,
 * moved up, taken under other owner names). `rev` (from the sequence, never reused) lets a write
 * land only on the row as read; `forget_at` is when a row counts for nothing, and rows past it are
 * dropped as new ones are written.
 */
export const migration018 = `
CREATE SEQUENCE sync_turn_holds_rev;
CREATE TABLE sync_turn_holds (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  owner text NOT NULL,
  since timestamptz NOT NULL,
  until timestamptz,
  barred_until timestamptz,
  forget_at timestamptz NOT NULL,
  rev bigint NOT NULL
);
CREATE INDEX sync_turn_holds_forget ON sync_turn_holds (forget_at);
`;
