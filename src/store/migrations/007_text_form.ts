import {
  conflictAndSkipRecords,
  everyTextColumnOfContacts,
  jsonStringsFunction,
} from './text-rewrite-sql.js';

/**
 * Issue 8 §5, data stored before one text form was enforced: the facade now stores BC-side text in
 * Unicode NFC (docs/sync-rules.md "One text form") and upper-cases BC's Code fields, and the OData
 * filter compares the stored column with an NFC literal — so a name stored decomposed (NFD) before
 * was invisible to `displayName eq 'Chloé Dupré'` and to the `lower(email)` lookup of an e-mail
 * typed in NFC, and a dry run planned to delete her Outlook copy.
 *
 * What this rewrites, and what it leaves:
 * - every text column of `bc_contacts` (found in the catalog, so a later column is not forgotten)
 *   to NFC; Post Code, Country/Region, Territory and Salesperson codes also upper-cased (Code
 *   fields). E-mails keep their case: BC keeps what was typed, every lookup compares lower(email).
 * - the strings inside `sync_links.base` (NFC; postalCode and country upper-cased like the BC row
 *   they mirror, so the next sync sees no change and writes nothing), `sync_links.outlook_own`,
 *   and the values held in `sync_conflicts.record` and `sync_skipped.record` (NFC only: they are
 *   each side's values as read).
 * - not `row_version` / `last_modified`: the text reads the same to a person, so it is no change to
 *   sync (an etag a client holds stays valid). Not settings, run history or lease keys: settings'
 *   filters are normalized when parsed, the folder name must match Outlook's own text, history
 *   records what happened then.
 *
 * PostgreSQL's normalize() (13+, also in PGlite) gives the same NFC as JavaScript's
 * String.prototype.normalize for the characters both know (Unicode's normalization stability);
 * test/store/text-form-migration.test.ts compares them over random text.
 */
export const migration007 = `
${jsonStringsFunction('migration007_nfc', "normalize(j #>> '{}', NFC)")}

CREATE FUNCTION migration007_codes(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE k text;
BEGIN
  FOREACH k IN ARRAY ARRAY['postalCode', 'country'] LOOP
    IF jsonb_typeof(j -> k) = 'string' THEN
      j := jsonb_set(j, ARRAY[k], to_jsonb(upper(j ->> k)));
    END IF;
  END LOOP;
  RETURN j;
END $fn$;

${everyTextColumnOfContacts('UPDATE bc_contacts SET %1$I = normalize(%1$I, NFC) WHERE %1$I IS NOT NFC NORMALIZED')}

UPDATE bc_contacts
   SET postal_code = upper(postal_code), country = upper(country),
       territory_code = upper(territory_code), salesperson_code = upper(salesperson_code)
 WHERE postal_code <> upper(postal_code) OR country <> upper(country)
    OR territory_code <> upper(territory_code) OR salesperson_code <> upper(salesperson_code);

UPDATE sync_links
   SET base = migration007_codes(migration007_nfc(base)), outlook_own = migration007_nfc(outlook_own)
 WHERE base IS DISTINCT FROM migration007_codes(migration007_nfc(base))
    OR outlook_own IS DISTINCT FROM migration007_nfc(outlook_own);

${conflictAndSkipRecords('migration007_nfc')}

DROP FUNCTION migration007_codes(jsonb);
DROP FUNCTION migration007_nfc(jsonb);
`;
