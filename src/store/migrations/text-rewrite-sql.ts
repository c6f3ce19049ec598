/*
 * SQL text that migrations 007 (text form) and 014 (invisible characters) share: both rewrite every
 * string in the same places to a text form. FROZEN: both migrations shipped, and a shipped
 * migration's SQL never changes (index.ts: append only). These functions must return the same
 * bytes for the arguments 007 and 014 pass, forever; test/store/migration-sql-frozen.test.ts holds
 * every migration's SQL to its SHA-256. A later migration that wants other SQL writes its own.
 */

/**
 * `CREATE FUNCTION name(j jsonb)`: `j` with every string inside it (at any depth of arrays and
 * objects) replaced by `stringForm` of it (an SQL expression over the text `j #>> '{}'`).
 */
export function jsonStringsFunction(name: string, stringForm: string): string {
  return `CREATE FUNCTION ${name}(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  RETURN CASE jsonb_typeof(j)
    WHEN 'string' THEN to_jsonb(${stringForm})
    WHEN 'array' THEN (SELECT coalesce(jsonb_agg(${name}(e) ORDER BY i), '[]'::jsonb)
                         FROM jsonb_array_elements(j) WITH ORDINALITY AS t(e, i))
    WHEN 'object' THEN (SELECT coalesce(jsonb_object_agg(k, ${name}(v)), '{}'::jsonb)
                          FROM jsonb_each(j) AS t(k, v))
    ELSE j
  END;
END $fn$;`;
}

/**
 * Runs `update` (a `format()` pattern whose `%1$I` is the column) for every text column of
 * `bc_contacts`, found in the catalog so that a later column is not forgotten.
 */
export function everyTextColumnOfContacts(update: string): string {
  return `DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'bc_contacts' AND data_type = 'text'
  LOOP
    EXECUTE format('${update}',
                   c.column_name);
  END LOOP;
END $$;`;
}

/** The records of `sync_conflicts` and `sync_skipped` through `jsonFunction`, where it changes them. */
export function conflictAndSkipRecords(jsonFunction: string): string {
  return `UPDATE sync_conflicts SET record = ${jsonFunction}(record)
 WHERE record IS DISTINCT FROM ${jsonFunction}(record);

UPDATE sync_skipped SET record = ${jsonFunction}(record)
 WHERE record IS DISTINCT FROM ${jsonFunction}(record);`;
}
