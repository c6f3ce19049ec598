/**
 * The BC company a user's sync state belongs to (F86), in its own row (trust brief, review RV7).
 * It was read from the state's newest run records naming one, else from the BC delta link of its
 * cursor: both are what clients PUT through the state API, so a PUT of a cursor with no delta link
 * left a legacy state (records naming none) with no company, and any member of any company read
 * it; a cursor tracking another company then gave it to that one.
 *
 * A state's company is claimed once and never moves: by the first run record naming a company
 * that is no dry run's (a trigger, so every save path claims it in its own statement: no round
 * trip more for a run). The engine names it in a record only once the run passed the company
 * check or succeeded (F95), and the state routes refuse a record naming another (state-runs.ts).
 *
 * Old states: the company of their newest record naming one; else the company their cursor's BC
 * delta link tracks (the cursor of the newest record's folder first). A state where neither names
 * one gets no row: it names no company, as a new user's state — any member of a company reads it
 * and the first record naming a company (its next successful run) claims it.
 */
export const migration020 = `
CREATE TABLE sync_state_companies (
  user_id text PRIMARY KEY,
  -- Lower case: BC ids are GUIDs and compare case-blind.
  company_id text NOT NULL
);

CREATE FUNCTION sync_runs_claim_state_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(NEW.record->>'companyId', '') <> '' AND coalesce(NEW.record->>'dryRun' = 'true', false) = false THEN
    INSERT INTO sync_state_companies (user_id, company_id)
      VALUES (NEW.user_id, lower(NEW.record->>'companyId'))
      ON CONFLICT (user_id) DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sync_runs_claim_state_company AFTER INSERT OR UPDATE OF record ON sync_runs
  FOR EACH ROW EXECUTE FUNCTION sync_runs_claim_state_company();

INSERT INTO sync_state_companies (user_id, company_id)
SELECT DISTINCT ON (user_id) user_id, lower(record->>'companyId') FROM sync_runs
 WHERE coalesce(record->>'companyId', '') <> '' AND coalesce(record->>'dryRun' = 'true', false) = false
 ORDER BY user_id, started_at DESC, id COLLATE "C" DESC;

INSERT INTO sync_state_companies (user_id, company_id)
SELECT DISTINCT ON (c.user_id) c.user_id,
       lower(substring(replace(c.bc_delta_link, '%27', '''') FROM 'companies\\(''?([^)/'']+)''?\\)/contacts'))
  FROM sync_cursors c
  LEFT JOIN LATERAL (
    SELECT r.record->>'folderId' AS folder_id FROM sync_runs r
     WHERE r.user_id = c.user_id AND coalesce(r.record->>'folderId', '') <> ''
       AND coalesce(r.record->>'dryRun' = 'true', false) = false
     ORDER BY r.started_at DESC, r.id COLLATE "C" DESC LIMIT 1
  ) newest ON true
 WHERE substring(replace(c.bc_delta_link, '%27', '''') FROM 'companies\\(''?([^)/'']+)''?\\)/contacts') IS NOT NULL
 ORDER BY c.user_id, (c.folder_id = newest.folder_id) DESC NULLS LAST, c.folder_id COLLATE "C"
ON CONFLICT (user_id) DO NOTHING;
`;
