import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { LONGEST_WRITE_TIMEOUT_MS } from '../core/lease.js';
import { DEFAULT_TIMEOUTS } from '../platform/deadline.js';

/**
 * Every environment variable the facade reads (design §4), as one JSON schema: type, range, default
 * and meaning of each. env-schema validates the environment against it (config.ts), and the README's
 * Configuration table is generated from it (scripts/readme-config.ts; a test keeps them equal).
 *
 * Two keywords of our own ride on each variable: `expected`, the end of the one-line error when
 * the value does not fit ("PORT=abc: expected a port number 0–65535."), and `defaultText`, for the
 * README, where the default is not a fixed value. Rules that tie variables together (AUTH_MODE=entra
 * needs ENTRA_TENANT_ID, the BC_* and GRAPH_* groups come whole, dev mode binds to loopback only)
 * are in config.ts and stated in the meanings here.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const AUTH_MODES = ['dev', 'entra'] as const;

/** The words a yes/no variable takes, in any case. */
export const FLAG_WORDS = { on: ['1', 'true', 'yes', 'on'], off: ['0', 'false', 'no', 'off'] } as const;
const anyCase = (w: string) => [...w].map((c) => (/\d/.test(c) ? c : `[${c}${c.toUpperCase()}]`)).join('');
const FLAG_PATTERN = `^(?:${[...FLAG_WORDS.on, ...FLAG_WORDS.off].map(anyCase).join('|')})$`;

/**
 * ajv format names (config.ts registers them): a service URL (http or https) and a PostgreSQL
 * connection string (postgres or postgresql); each variable accepts only its own kind (tester F53:
 * `mysql://…` was "not a valid URL", and a postgres:// URL passed as BC_BASE_URL).
 */
export const URL_FORMATS = { service: 'service-url', postgres: 'postgres-url' } as const;
const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const text = (description: string, options: object = {}) => Type.String({ description, ...options });
const url = (description: string, options: object = {}) =>
  Type.String({
    description,
    format: URL_FORMATS.service,
    expected: 'expected an http:// or https:// URL.',
    ...options,
  });
const postgresUrl = (description: string) =>
  Type.String({
    description,
    format: URL_FORMATS.postgres,
    expected: 'expected a PostgreSQL connection string, postgres://user:password@host:5432/database.',
  });
const flag = (description: string, options: object) =>
  Type.String({ description, pattern: FLAG_PATTERN, expected: 'expected 1 or 0.', ...options });
const millis = (description: string, fallback: number, maximum = 3_600_000) =>
  Type.Integer({
    description,
    minimum: 100,
    maximum,
    default: fallback,
    expected: `expected milliseconds from 100 to ${maximum}.`,
  });
const perMinute = (description: string, fallback: number) =>
  Type.Integer({
    description,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    default: fallback,
    expected: 'expected a whole number ≥ 0.',
  });

export const CONFIG_SCHEMA = Type.Object({
  PORT: Type.Integer({
    description: 'Port to listen on.',
    minimum: 0,
    maximum: 65535,
    default: 3000,
    expected: 'expected a port number 0–65535.',
  }),
  DEV_SERVER_PORT: Type.Integer({
    description:
      "`npm run dev`'s port (webpack serve); in dev mode CORS lets the pane served from it (localhost and 127.0.0.1) call the facade.",
    minimum: 1,
    maximum: 65535,
    default: 3001,
    expected: 'expected a port number 1–65535.',
  }),
  HOST: text('Interface to bind; 0.0.0.0 to expose, with AUTH_MODE=entra only.', { default: '127.0.0.1' }),
  HTTPS: flag('1 serves HTTPS with a dev certificate; 0 serves plain HTTP.', { default: '1' }),
  DATA_DIR: text('Embedded PGlite data directory. Ignored for the store with DATABASE_URL.', {
    default: './data',
  }),
  DATABASE_URL: Type.Optional(
    postgresUrl('postgres://… connection string: use a PostgreSQL server instead of the embedded store.'),
  ),
  AUTH_MODE: Type.Union(
    AUTH_MODES.map((m) => Type.Literal(m)),
    {
      description: 'dev (a dev token issuer at /dev/token, loopback HOST only) or entra (Entra ID).',
      default: 'dev',
      expected: `expected ${AUTH_MODES.join(' or ')}.`,
    },
  ),
  ENTRA_TENANT_ID: Type.Optional(
    // A GUID, not a domain: tokens name their tenant by id (tid), which is compared with this.
    text('With AUTH_MODE=entra (required): the directory (tenant) id whose tokens are accepted, a GUID.', {
      pattern: GUID_PATTERN,
      expected:
        'expected the directory (tenant) id, a GUID (Entra admin center → Overview), not a domain name.',
    }),
  ),
  ENTRA_API_AUDIENCE: Type.Optional(
    text("With AUTH_MODE=entra (required): the facade API's audience (application ID URI or client id)."),
  ),
  ENTRA_CLIENT_ID: Type.Optional(
    text("With AUTH_MODE=entra: the facade API's client id (the aud of v2.0 access tokens).", {
      pattern: GUID_PATTERN,
      expected: 'expected the application (client) id, a GUID.',
    }),
  ),
  ENTRA_CLIENT_SECRET: Type.Optional(
    text(
      "With AUTH_MODE=entra and upstream BC (required there, with ENTRA_CLIENT_ID): the facade API's secret, for the pane's BC calls on behalf of the user.",
    ),
  ),
  ENTRA_AUTHORITY_HOST: url(
    'The authority host Entra tokens come from and are verified against (a sovereign cloud); also for app-only tokens in dev mode.',
    {
      default: 'https://login.microsoftonline.com',
    },
  ),
  GRAPH_BASE_URL: Type.Optional(
    url('Graph endpoint for server-side runs.', {
      defaultText:
        'the embedded emulator at /graph/v1.0 with AUTH_MODE=dev, https://graph.microsoft.com/v1.0 with AUTH_MODE=entra',
    }),
  ),
  GRAPH_TENANT_ID: Type.Optional(
    text(
      'Client-credentials Graph access for scheduled runs against real Graph: tenant (with the two below).',
    ),
  ),
  GRAPH_CLIENT_ID: Type.Optional(text('Client-credentials Graph access: application (client) id.')),
  GRAPH_CLIENT_SECRET: Type.Optional(text('Client-credentials Graph access: secret.')),
  BC_TENANT_ID: Type.Optional(text('Upstream mode: the Business Central tenant (with the three below).')),
  BC_ENVIRONMENT: Type.Optional(text('Upstream mode: BC environment name, e.g. production.')),
  BC_CLIENT_ID: Type.Optional(text('Upstream mode: app registration with BC API access.')),
  BC_CLIENT_SECRET: Type.Optional(text('Upstream mode: its secret.')),
  BC_BASE_URL: url('Upstream mode: API root.', { default: 'https://api.businesscentral.dynamics.com/v2.0' }),
  BC_SCOPE: text(
    "Upstream mode: the BC API's /.default scope, for app-only tokens (scheduled, CLI runs) and on-behalf-of tokens (the pane's calls).",
    {
      default: 'https://api.businesscentral.dynamics.com/.default',
      pattern: '^https://\\S+/\\.default$',
      expected: 'expected the resource URI followed by /.default.',
    },
  ),
  SCHEDULER: flag(
    '1 runs scheduled syncs (pg-boss; the first one interval after the settings are saved); 0 turns it off.',
    { default: '1' },
  ),
  SCHEDULER_TICK_SECONDS: Type.Integer({
    description:
      'How often each process looks for users whose scheduled sync is due (seconds); a due run is queued once whichever process looks.',
    minimum: 1,
    maximum: 3600,
    default: 60,
    expected: 'expected seconds from 1 to 3600.',
  }),
  PANE_BUILD: flag(
    '1 builds the task pane in the background at start when dist/ lacks it or is older than its sources; 0 does not.',
    {
      default: '1',
    },
  ),
  SEED_DEMO: Type.Optional(
    flag('1 seeds the demo company and mailbox at first start.', {
      defaultText: '1 on the embedded store, 0 with DATABASE_URL',
    }),
  ),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    {
      description:
        LOG_LEVELS.join(', ') +
        '. Requests are logged at debug, refused ones (4xx) at warn, server errors (5xx) at error.',
      default: 'info',
      expected: `expected one of ${LOG_LEVELS.join(', ')}.`,
    },
  ),
  LOG_FILE: Type.Optional(
    text(
      'Where the JSON log lines go: a file they are appended to, or - for standard output. Unset: server.log in DATA_DIR when standard output is a terminal (npm start keeps its banner readable), standard output otherwise (a service journal, a container log). A file rolls over at 10 MiB to <file>.1 (one kept, so at most 20 MiB).',
    ),
  ),
  // Checked whole by publicOriginProblem (config.ts), which says what is wrong with it.
  PUBLIC_ORIGIN: Type.Optional(
    text(
      'Origin the add-in is served from in production, e.g. https://contacts.contoso.com: https://host[:port] only (http for localhost); the served manifest names it.',
    ),
  ),
  // Read only with AUTH_MODE=dev and a PUBLIC_ORIGIN that is not this machine (config.ts devModeExposure).
  DEV_PUBLIC_ORIGIN: flag(
    '1 lets AUTH_MODE=dev answer at a PUBLIC_ORIGIN that is not this machine (a tunnel for trying the pane in Outlook on another device): then anyone who reaches that origin gets tokens for any user. 0 refuses to start so.',
    { default: '0' },
  ),
  // Checked by parseTrustProxy (trust-proxy.ts): each entry an address or CIDR range.
  TRUST_PROXY: Type.Optional(
    text(
      'Reverse proxies whose X-Forwarded-For, -Proto and -Host the facade believes: addresses or CIDR ranges, comma-separated, e.g. 127.0.0.1. Unset: none (behind a proxy every client then shares its address, and one per-IP budget).',
    ),
  ),
  GRAPH_TIMEOUT_MS: millis(
    `Milliseconds one Graph request may take before it counts as a lost answer. One that timed out is sent at most once more, and none once its run had two timeouts: a call Graph never answers ends after 2 × this plus under a second of back-off (2 min at the default, was 6); a write whose answer was lost is looked up before it goes again. At most ${LONGEST_WRITE_TIMEOUT_MS}: a folder whose run stopped with writes out stays locked until they can no longer land (this plus 5 s), and the state store trusts no lock further ahead.`,
    DEFAULT_TIMEOUTS.graphMs,
    LONGEST_WRITE_TIMEOUT_MS,
  ),
  BC_TIMEOUT_MS: millis(
    `Milliseconds one Business Central API request may take. At most ${LONGEST_WRITE_TIMEOUT_MS}, as GRAPH_TIMEOUT_MS.`,
    DEFAULT_TIMEOUTS.bcMs,
    LONGEST_WRITE_TIMEOUT_MS,
  ),
  TOKEN_TIMEOUT_MS: millis(
    'Milliseconds one token-endpoint request (Entra client credentials) may take.',
    DEFAULT_TIMEOUTS.tokenMs,
  ),
  CLI_TIMEOUT_MS: millis(
    "Milliseconds the command line waits for one answer of the running server (a run's start, each poll of its progress; doctor --user waits 12 times as long). After 3 such waits in a row it stops waiting (exit 4); a long run is followed, not cut short.",
    DEFAULT_TIMEOUTS.cliMs,
  ),
  RATE_LIMIT_USER_PER_MINUTE: perMinute(
    'Requests a minute one signed-in user (or app) may make to each facade process (docs/deploy.md 6); 0 = no limit.',
    3000,
  ),
  RATE_LIMIT_IP_PER_MINUTE: perMinute(
    'Requests a minute one client IP address may make to each facade process; 0 = no limit.',
    6000,
  ),
  BULK_WORK_PER_USER: perMinute(
    "Units of bulk work one user (or app) may have in progress: a preview, BC contact list, dry run's plan or sender add counts 2; a state import, BC $batch, settings save or check 1 (README Limits). Over it: 429; counted in each facade process; 0 = no limit.",
    8,
  ),
  BULK_WORK_AT_ONCE: perMinute(
    'Units of bulk work (as BULK_WORK_PER_USER) in progress at once in one facade process, for all its callers together; over it: 429. 0 = no limit.',
    32,
  ),
});

/** The environment after validation: defaults filled in, numbers as numbers. */
export type ConfigEnv = Static<typeof CONFIG_SCHEMA>;
export type ConfigVariable = keyof ConfigEnv;

/** One variable's schema with the keywords of our own. */
export type VariableSchema = TSchema & { expected?: string; defaultText?: string };

/** The variables in README order (the schema's). */
export const CONFIG_VARIABLES = Object.keys(CONFIG_SCHEMA.properties) as ConfigVariable[];

export function variableSchema(name: ConfigVariable): VariableSchema {
  return CONFIG_SCHEMA.properties[name] as VariableSchema;
}

/**
 * The README's Configuration table (Markdown, before Prettier pads it): variable, default, meaning.
 * @internal readme-config.test.ts compares it with the README's table (issue 13 §5: the two stay equal).
 */
export function configTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = CONFIG_VARIABLES.map((name) => {
    const s = variableSchema(name);
    const fallback = s.defaultText ?? (s.default === undefined ? '' : String(s.default));
    return `| \`${name}\` | ${cell(fallback)} | ${cell(s.description ?? '')} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}
