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
 * The table is frozen with this text (test/store/migration-sql-frozen): a new table is a new
 * migration that replaces the function and rebuilds the index.
 */
const { from, to } = emailFoldTranslation();

/**
 * The function alone (OR REPLACE: the migration tests give it to a store at an older version, whose
 * rows today's look-ups read, test/support/old-rows.ts).
 * @internal
 */
export const EMAIL_FOLD_FUNCTION = `
CREATE OR REPLACE FUNCTION email_fold(address text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $fn$ SELECT translate(address, '${from}', '${to}') $fn$;
`;

export const migration022 = `${EMAIL_FOLD_FUNCTION}

DROP INDEX bc_contacts_company_email;
CREATE INDEX bc_contacts_company_email ON bc_contacts (company_id, email_fold(email));
`;
