import {
  conflictAndSkipRecords,
  everyTextColumnOfContacts,
  jsonStringsFunction,
} from './text-rewrite-sql.js';

/**
 * Values stored before the one text form dropped invisible characters (F68, 0dbb6a3) and read space
 * separators as spaces (F88, F94): F68 changed `nfc` so that nothing new reaches BC with a bidi
 * control, a zero-width space or a BOM, but what the facade had stored before kept them, and so did
 * the sync state. Migration 007 only brought text to NFC. So a name stored as "\u202BAmal Haddad" or
 * a city stored as "New\u00A0York" was still invisible to the OData filter `city eq 'New York'`
 * (the facade's SQL compares the stored column with a literal in the text form), and an e-mail stored
 * with a U+200B to the `lower(email)` look-up.
 *
 * This brings the same places 007 did to today's text form (src/core/text-form.ts: default-ignorable
 * code points dropped except those text needs, every Unicode space separator as U+0020, then NFC):
 * - every text column of `bc_contacts` (found in the catalog, so a later column is not forgotten);
 * - the strings inside `sync_links.base` and `sync_links.outlook_own`, `sync_conflicts.record` and
 *   `sync_skipped.record` (each side's values as the sync reads them now);
 * - the names of a company's own Country/Region rows (`bc_countries_regions.display_name`, looked up
 *   by name). Not their codes: a code is unique per company, and folding two into one is not a
 *   migration's call; codes are compared in the text form anyway.
 * Not `row_version` / `last_modified`: the text reads the same to a person, so it is no change to sync
 * (an etag a client holds stays valid). Not settings (normalized when read), run history (what
 * happened then), nor anything Outlook holds (never rewritten for form alone).
 *
 * The character lists are text-form.ts's at the time of writing (Unicode 15.1), spelled out because
 * PostgreSQL's regular expressions have no Unicode properties; test/store/text-form-invisible-migration
 * compares the result with the JavaScript form for every listed character.
 */
const IGNORED =
  '[\\u00AD\\u061C\\u115F-\\u1160\\u17B4-\\u17B5\\u180E\\u200B\\u200E-\\u200F\\u202A-\\u202E\\u2060-\\u206F' +
  '\\u3164\\uFEFF\\uFFA0\\uFFF0-\\uFFF8\\U0001BCA0-\\U0001BCA3\\U0001D173-\\U0001D17A\\U000E0000-\\U000E001F' +
  '\\U000E0080-\\U000E00FF\\U000E01F0-\\U000E0FFF]';
/** U+00A0, U+1680, U+2000–200A, U+202F, U+205F, U+3000: each to one U+0020 (translate pairs them). */
const SPACES =
  '\\u00A0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200A\\u202F\\u205F\\u3000';

export const migration014 = `
CREATE FUNCTION migration014_form(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT normalize(translate(regexp_replace(t, '${IGNORED}', '', 'g'), E'${SPACES}', '${' '.repeat(16)}'), NFC)
$fn$;

${jsonStringsFunction('migration014_json', "migration014_form(j #>> '{}')")}

${everyTextColumnOfContacts('UPDATE bc_contacts SET %1$I = migration014_form(%1$I) WHERE %1$I <> migration014_form(%1$I)')}

UPDATE bc_countries_regions SET display_name = migration014_form(display_name)
 WHERE display_name <> migration014_form(display_name);

UPDATE sync_links
   SET base = migration014_json(base), outlook_own = migration014_json(outlook_own)
 WHERE base IS DISTINCT FROM migration014_json(base)
    OR outlook_own IS DISTINCT FROM migration014_json(outlook_own);

${conflictAndSkipRecords('migration014_json')}

DROP FUNCTION migration014_json(jsonb);
DROP FUNCTION migration014_form(text);
`;
