import { NO_MEMBERSHIP_CODE, RunEnvironmentError } from '../server/sync/run-refusals.js';
import type { RunEnvironmentReason } from '../server/sync/run-refusals.js';
import { USER_NOT_UNIQUE, USER_UNKNOWN } from '../server/auth/user-directory.js';
import { HttpError } from '../server/http-error.js';
import { ConfigError } from '../server/announce.js';
import { UsageError } from './arguments.js';

/*
 * F118: which refusals of a `sync` are the caller's configuration or input (exit 2, README "Command
 * line"), whichever way the CLI met them: thrown in this process (no server running) or answered
 * by the running server as an error body with the reason as data. Everything else that refuses a
 * run (shutting down, a run already active) is exit 1: the same command may work later.
 */

/** Per reason kind: the prefix of the CLI's one line — `configuration:` for the deployment's variables. */
type RefusedKind = RunEnvironmentReason | typeof USER_UNKNOWN | typeof USER_NOT_UNIQUE;
const CONFIG_REASONS: Readonly<Partial<Record<RefusedKind, 'configuration' | 'sync'>>> = {
  graphAppMissing: 'configuration',
  noCompany: 'configuration',
  noCompanyMembership: 'sync',
  [USER_UNKNOWN]: 'sync',
  [USER_NOT_UNIQUE]: 'sync',
};

/**
 * The `sync:` lines name the `--user` they refuse (a new user's stumble: `sync --user nobody@…` said
 * only "This user is not a member…", not which address it looked up). The server's membership
 * message speaks to the signed-in user ("This user"), so the CLI words that one itself; the other
 * two already name the UPN the server looked up.
 */
const USER_LINES: Readonly<
  Record<
    'noCompanyMembership' | typeof USER_UNKNOWN | typeof USER_NOT_UNIQUE,
    (message: string, user: string) => string
  >
> = {
  noCompanyMembership: (_message, user) =>
    `${user} is not a member of any Business Central company on this facade; an administrator grants access (README "Company access").`,
  [USER_UNKNOWN]: (message) => message,
  [USER_NOT_UNIQUE]: (message) => message,
};

/**
 * The error the CLI exits 2 on when `kind` is a configuration refusal (it prints its one line:
 * `configuration: …` or `bc-contact-sync: sync: …`, naming `user`), else null.
 */
function configRefusal(
  kind: string | undefined,
  message: string,
  user: string,
): ConfigError | UsageError | null {
  const prefix =
    kind !== undefined && Object.hasOwn(CONFIG_REASONS, kind)
      ? CONFIG_REASONS[kind as RefusedKind]
      : undefined;
  if (prefix === undefined) return null;
  if (prefix === 'configuration') return new ConfigError([message]);
  const line = Object.hasOwn(USER_LINES, kind!)
    ? USER_LINES[kind as keyof typeof USER_LINES](message, user)
    : message;
  return new UsageError(`sync: ${line}`);
}

/** The same for an error thrown in this process (in-process runs, the product's start) for `--user`. */
export function thrownConfigRefusal(e: unknown, user: string): ConfigError | UsageError | null {
  if (e instanceof RunEnvironmentError) return configRefusal(e.reason, e.message, user);
  if (e instanceof HttpError) return configRefusal(e.details?.[0]?.reason?.kind, e.message, user);
  return null;
}

/**
 * The same for a server's error body `{ error: { code, message, details: [{ reason: { kind } }] } }`.
 * A 403 `NO_MEMBERSHIP_CODE` is the membership refusal by its code alone: servers before F118 sent
 * it without details.
 */
export function answeredConfigRefusal(
  error: {
    readonly code?: string;
    readonly message: string;
    readonly details?: readonly { readonly reason?: { readonly kind?: string } }[];
  },
  user: string,
): ConfigError | UsageError | null {
  const kind =
    error.details?.[0]?.reason?.kind ??
    (error.code === NO_MEMBERSHIP_CODE ? 'noCompanyMembership' : undefined);
  return configRefusal(kind, error.message, user);
}
