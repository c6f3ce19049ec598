/**
 * The facade's Idempotency-Key answers (F64, server/idempotency.ts): kept in the database, so a
 * POST sent again reaching another facade process, or the same one after a restart, gets the
 * first answer instead of running again. One row per caller (the user or app the token names,
 * never the token itself) and key; `status` is null while the first request still runs.
 */
export const migration012 = `
CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  status integer,
  content_type text,
  payload bytea,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
`;
