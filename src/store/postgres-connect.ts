/**
 * Why a PostgreSQL server named by DATABASE_URL could not be used at open, as data (worded at the
 * edge: server/database-problem.ts). Read from what the driver gives: Node's socket error codes
 * and PostgreSQL's SQLSTATE (Appendix A of its manual), never from message text.
 */
export type PostgresProblemKind =
  /** ECONNREFUSED: nothing listens at host:port. */
  | 'refused'
  /** ENOTFOUND / EAI_AGAIN: the host name does not resolve. */
  | 'unknownHost'
  /** No answer within the connect time (a dropped packet, a server that says nothing). */
  | 'timeout'
  /** 3D000 invalid_catalog_name: no such database. */
  | 'unknownDatabase'
  /** 28P01 invalid_password. */
  | 'badPassword'
  /** 28000 invalid_authorization_specification: no such role, or pg_hba.conf refuses it from here. */
  | 'userRefused'
  /** Anything else (its code kept). */
  | 'other';

export interface PostgresProblem {
  readonly kind: PostgresProblemKind;
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly user: string;
  /** The SQLSTATE or socket error code, when there was one. */
  readonly code: string | null;
  /** The connect time waited (milliseconds), for `timeout`. */
  readonly waitedMs: number;
}

/** DATABASE_URL could not be used at start; `problem` says why (no password inside). */
export class PostgresConnectError extends Error {
  override readonly name = 'PostgresConnectError';
  constructor(
    readonly problem: PostgresProblem,
    cause: unknown,
  ) {
    super(`PostgreSQL at ${problem.host}:${problem.port} could not be used (${problem.kind})`, { cause });
  }
}

const SQLSTATE_KINDS: Readonly<Record<string, PostgresProblemKind>> = {
  '3D000': 'unknownDatabase',
  '28P01': 'badPassword',
  '28000': 'userRefused',
};
const SOCKET_KINDS: Readonly<Record<string, PostgresProblemKind>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'unknownHost',
  EAI_AGAIN: 'unknownHost',
  ETIMEDOUT: 'timeout',
};

/** Where the connection string points, without its password. */
function target(connectionString: string): Omit<PostgresProblem, 'kind' | 'code' | 'waitedMs'> {
  const url = new URL(connectionString);
  return {
    host: url.hostname || 'localhost',
    port: url.port || '5432',
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username),
    user: decodeURIComponent(url.username) || 'postgres',
  };
}

/**
 * Runs `probe` (the first query) within `timeoutMs`; a failure is a PostgresConnectError saying
 * why. (The pool's own connect timeout is set a little later: it ends the attempt given up here.)
 */
export async function probePostgres(
  connectionString: string,
  timeoutMs: number,
  probe: () => Promise<unknown>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  let outcome: unknown;
  try {
    outcome = await Promise.race([probe(), late]);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const known = typeof code === 'string' ? code : null;
    const kind = (known && (SQLSTATE_KINDS[known] ?? SOCKET_KINDS[known])) || 'other';
    throw new PostgresConnectError(
      { ...target(connectionString), kind, code: known, waitedMs: timeoutMs },
      err,
    );
  } finally {
    clearTimeout(timer);
  }
  if (outcome === 'late')
    throw new PostgresConnectError(
      { ...target(connectionString), kind: 'timeout', code: null, waitedMs: timeoutMs },
      null,
    );
}
