/**
 * Users keyed by Entra tenant id + object id (issue 10 §1). Until now every user-scoped row was keyed
 * by the lower-case UPN, which can change and be reassigned. The UPN alone cannot tell us the oid, so
 * existing data moves to a legacy key `upn:<upn>` that no token can reach, listed in
 * `legacy_user_keys`; the first sign-in of a user with that UPN after the upgrade claims it (moves it
 * to `<tid>:<oid>`, src/store/users.ts) — once, so a later holder of a reassigned UPN gets nothing.
 *
 * Every table with a `user_id` column is moved (found in the catalog, so a table added by another
 * migration is not forgotten), plus the `userId` inside stored run records and the lease keys
 * (`<user>|<folder>`).
 */
export const migration002 = `
CREATE TABLE users (
  user_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  object_id text NOT NULL,
  -- Shown only; it can change and be reassigned.
  upn text NOT NULL DEFAULT '',
  display_name text NOT NULL DEFAULT '',
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, object_id)
);
CREATE INDEX users_upn ON users (lower(upn));

CREATE TABLE legacy_user_keys (
  legacy_key text PRIMARY KEY,
  upn text NOT NULL
);

DO $$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables tb
        ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = 'user_id' AND c.table_name <> 'users'
  LOOP
    EXECUTE format(
      'INSERT INTO legacy_user_keys (legacy_key, upn)
         SELECT DISTINCT ''upn:'' || user_id, user_id FROM %I WHERE strpos(user_id, '':'') = 0
       ON CONFLICT DO NOTHING', t.table_name);
    EXECUTE format('UPDATE %I SET user_id = ''upn:'' || user_id WHERE strpos(user_id, '':'') = 0', t.table_name);
  END LOOP;
END $$;

UPDATE sync_runs SET record = jsonb_set(record, '{userId}', to_jsonb(user_id))
 WHERE user_id LIKE 'upn:%';
UPDATE sync_leases SET key = 'upn:' || key
 WHERE strpos(key, '|') > 0 AND strpos(split_part(key, '|', 1), ':') = 0;
`;
