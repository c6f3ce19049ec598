import { emailFoldTranslation } from '../../pure/email-fold.js';

/**
 * Brief emailfold: the facade looked e-mail addresses up by PostgreSQL's lower() while the engine
 * matched them by JavaScript's toLowerCase. The two fold apart (a final Σ, İ, the Kelvin sign), and
 * lower() also follows the server's locale and Unicode version (PGlite and a PostgreSQL on glibc
 * differ), so a contact the engine matched was not found by the facade — a duplicate — or the
 * reverse. email_fold is the engine's table (pure/email-fold.ts, BC's upper-case Search E-Mail
 * semantics) as one translate(): the same characters, whatever the server. The look-ups (the OData
 * filter's eq/ne and string functions on email and email2, the store's look-up by e-mail) compare
 * email_fold on both sides, and the index follows them. The stored addresses do not change: BC
 * keeps what was typed.
 *
 * Brief foldfast: folding at read time made every string function on email/email2 (and email2 eq)
 * run the fold on every row, 500× lower() (translate() searches its 1,505-character `from` per
 * character): 45 s per OData request at 100k contacts on PostgreSQL 15. So the fold runs once, when a
 * row is written: email_folded/email2_folded are STORED generated columns (the database keeps them
 * right for every writer), indexed with the company, and the look-ups compare them with the literal
 * folded in JavaScript by the same table (foldEmailCase). ASCII addresses, nearly all, take a 26-pair
 * translate, so adding the columns (one table rewrite) costs about what lower() would.
 *
 * The table is frozen with this text (test/store/migration-sql-frozen): a new table is a new
 * migration that replaces the function and recomputes the columns (drop and add them again).
 */
const { from, to } = emailFoldTranslation();
// The table's ASCII pairs (pure/email-fold.ts folds ASCII by toLowerCase); in UTF-8 a text whose
// byte length is its character count is ASCII.
const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The function alone (OR REPLACE: the migration tests give it to a store at an older version, whose
 * rows today's look-ups read, test/support/old-rows.ts).
 * @internal
 */
export const EMAIL_FOLD_FUNCTION = `
CREATE OR REPLACE FUNCTION email_fold(address text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $fn$ SELECT CASE WHEN octet_length(address) = length(address)
  THEN translate(address, '${ASCII_UPPER}', '${ASCII_UPPER.toLowerCase()}')
  ELSE translate(address, '${from}', '${to}') END $fn$;
`;

export const migration022 = `${EMAIL_FOLD_FUNCTION}
-- IF NOT EXISTS: the migration tests give an older store these columns (test/support/old-rows.ts).
ALTER TABLE bc_contacts
  ADD COLUMN IF NOT EXISTS email_folded text GENERATED ALWAYS AS (email_fold(email)) STORED,
  ADD COLUMN IF NOT EXISTS email2_folded text GENERATED ALWAYS AS (email_fold(email2)) STORED;
DROP INDEX bc_contacts_company_email;
CREATE INDEX bc_contacts_company_email ON bc_contacts (company_id, email_folded);
CREATE INDEX bc_contacts_company_email2 ON bc_contacts (company_id, email2_folded);
`;
