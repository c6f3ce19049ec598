import type { PostgresProblem, PostgresProblemKind } from '../store/postgres-connect.js';

/**
 * The one line `npm start` (and the CLI) prints when DATABASE_URL cannot be used (tester F53):
 * where it points (never the password), what went wrong, and what to change.
 */
const WORDS: { readonly [K in PostgresProblemKind]: (p: PostgresProblem) => string } = {
  refused: (p) =>
    `nothing answers at ${p.host}:${p.port} (connection refused): start PostgreSQL there, or correct the host and port.`,
  unknownHost: (p) => `the host name ${p.host} does not resolve (DNS): correct the host.`,
  timeout: (p) =>
    `${p.host}:${p.port} did not answer within ${p.waitedMs / 1000} s: check the host, the port and the firewall between.`,
  unknownDatabase: (p) =>
    `PostgreSQL at ${p.host}:${p.port} has no database "${p.database}": create it (createdb ${p.database}) or correct the name after the last /.`,
  badPassword: (p) =>
    `PostgreSQL at ${p.host}:${p.port} refused the password of user "${p.user}": correct the password in the URL.`,
  userRefused: (p) =>
    `PostgreSQL at ${p.host}:${p.port} refused user "${p.user}" (no such role, or pg_hba.conf does not let it connect from here): correct the user name or the server's pg_hba.conf.`,
  other: (p) =>
    `PostgreSQL at ${p.host}:${p.port} (database "${p.database}", user "${p.user}") could not be used (${p.code ?? 'no error code'}).`,
};

export function databaseProblemLine(problem: PostgresProblem): string {
  return `DATABASE_URL: ${WORDS[problem.kind](problem)}`;
}

/** The line for an embedded store that cannot be opened: which folder, PGlite's words, the way out. */
export function pgliteOpenLine(
  dataDir: string,
  e: { readonly dir: string; readonly message: string },
): string {
  return (
    `DATA_DIR=${dataDir}: the embedded store in ${e.dir} cannot be opened (${e.message}); ` +
    'it is damaged or not a store: move that folder away (a new store is made) or set DATA_DIR to another folder.'
  );
}
