import { DEFAULT_TIMEOUTS } from '../platform/deadline.js';
import { isLoopbackHost } from '../platform/request-origin.js';

/** Every setting comes from the environment (design §4), validated once at start. */
export interface FacadeConfig {
  readonly port: number;
  readonly host: string;
  /** Serve HTTPS with a dev certificate (made if missing); falls back to HTTP when none can be made. */
  readonly https: boolean;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly auth:
    | { readonly mode: 'dev' }
    | {
        readonly mode: 'entra';
        readonly tenantId: string;
        /** The facade API's application ID URI (ENTRA_API_AUDIENCE). */
        readonly audience: string;
        /** Every `aud` accepted: the application ID URI and the client id (v2.0 tokens carry it). */
        readonly audiences: readonly string[];
        /** Authority host tokens come from (ENTRA_AUTHORITY_HOST). */
        readonly authority: string;
      };
  /** Graph base for server-side (scheduled, CLI) runs; null = the embedded emulator. */
  readonly graphBaseUrl: string | null;
  /** App-only Graph access for scheduled runs against real Graph (client credentials). */
  readonly graphApp: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret: string;
  } | null;
  readonly upstreamBc: {
    readonly tenantId: string;
    readonly environment: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly baseUrl: string;
  } | null;
  readonly scheduler: boolean;
  /** Build the pane in the background at start when its build output is missing. */
  readonly buildPane: boolean;
  readonly seedDemo: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The origin the pane and manifest are served from (for links and CORS). */
  readonly publicOrigin: string | null;
  /** Per-attempt timeouts of outbound calls, in milliseconds (issue 9 §3). */
  readonly timeouts: { readonly graphMs: number; readonly bcMs: number; readonly tokenMs: number };
  /** Requests a minute per signed-in user and per client IP address (0 = no limit); over it: 429. */
  readonly rateLimit: { readonly userPerMinute: number; readonly ipPerMinute: number };
}

export type ConfigResult = { ok: true; config: FacadeConfig } | { ok: false; errors: string[] };

/** The variables README documents, with what each does. */
export const ENV_VARIABLES: Readonly<Record<string, string>> = {
  PORT: 'Port to listen on (default 3000).',
  HOST: 'Interface to bind (default 127.0.0.1; 0.0.0.0 to expose, with AUTH_MODE=entra only).',
  HTTPS: '1 (default) serves HTTPS with a dev certificate; 0 serves plain HTTP.',
  DATA_DIR: 'Embedded PGlite data directory (default ./data). Ignored with DATABASE_URL.',
  DATABASE_URL: 'postgres://… connection string: use a PostgreSQL server instead of the embedded store.',
  AUTH_MODE: 'dev (default: dev token issuer at /dev/token, loopback HOST only) or entra (Entra ID).',
  ENTRA_TENANT_ID: 'With AUTH_MODE=entra: the tenant whose tokens are accepted.',
  ENTRA_API_AUDIENCE: "With AUTH_MODE=entra: the facade API's audience (application ID URI or client id).",
  ENTRA_CLIENT_ID: "With AUTH_MODE=entra: the facade API's client id (the aud of v2.0 access tokens).",
  GRAPH_BASE_URL: 'Graph endpoint for server-side runs (default: the embedded emulator at /graph/v1.0).',
  GRAPH_TENANT_ID: 'Client-credentials Graph access for scheduled runs against real Graph: tenant.',
  GRAPH_CLIENT_ID: 'Client-credentials Graph access: application (client) id.',
  GRAPH_CLIENT_SECRET: 'Client-credentials Graph access: secret.',
  BC_TENANT_ID: 'Upstream mode: the Business Central tenant (with the three below).',
  BC_ENVIRONMENT: 'Upstream mode: BC environment name, e.g. production.',
  BC_CLIENT_ID: 'Upstream mode: app registration with BC API access.',
  BC_CLIENT_SECRET: 'Upstream mode: its secret.',
  BC_BASE_URL: 'Upstream mode: API root (default https://api.businesscentral.dynamics.com/v2.0).',
  SCHEDULER: '1 (default) runs scheduled syncs (pg-boss); 0 turns it off.',
  PANE_BUILD: '1 (default) builds the task pane in the background at start when dist/ lacks it; 0 does not.',
  SEED_DEMO: '1 (default on the embedded store) seeds the demo company and mailbox at first start.',
  LOG_LEVEL: 'fatal|error|warn|info|debug|trace|silent (default info).',
  PUBLIC_ORIGIN: 'Origin the add-in is served from in production, e.g. https://contacts.contoso.com.',
  GRAPH_TIMEOUT_MS: `Milliseconds one Graph request may take before it counts as lost (default ${DEFAULT_TIMEOUTS.graphMs}).`,
  BC_TIMEOUT_MS: `Milliseconds one Business Central API request may take (default ${DEFAULT_TIMEOUTS.bcMs}).`,
  TOKEN_TIMEOUT_MS: `Milliseconds one token-endpoint request may take (default ${DEFAULT_TIMEOUTS.tokenMs}).`,
  RATE_LIMIT_USER_PER_MINUTE:
    'Requests a minute one signed-in user (or app) may make (default 3000; 0 = no limit).',
  RATE_LIMIT_IP_PER_MINUTE: 'Requests a minute one client IP address may make (default 6000; 0 = no limit).',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function millis(env: NodeJS.ProcessEnv, name: string, fallback: number, errors: string[]): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 3_600_000) {
    errors.push(`${name}=${v}: expected milliseconds from 100 to 3600000.`);
    return fallback;
  }
  return n;
}

function perMinute(env: NodeJS.ProcessEnv, name: string, fallback: number, errors: string[]): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) errors.push(`${name}=${v}: expected a whole number ≥ 0.`);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean, errors: string[]): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
  errors.push(`${name}=${v}: expected 1 or 0.`);
  return fallback;
}

function url(env: NodeJS.ProcessEnv, name: string, errors: string[]): string | null {
  const v = env[name];
  if (v === undefined || v === '') return null;
  try {
    const u = new URL(v);
    if (!['http:', 'https:', 'postgres:', 'postgresql:'].includes(u.protocol)) throw new Error('scheme');
    return v.replace(/\/+$/, '');
  } catch {
    errors.push(`${name}=${v}: not a valid URL.`);
    return null;
  }
}

/** Reads and checks the environment; every bad variable gets its own line. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const errors: string[] = [];
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    errors.push(`PORT=${portText}: expected a port number 0–65535.`);
  const databaseUrl = url(env, 'DATABASE_URL', errors);
  const authMode = env.AUTH_MODE ?? 'dev';
  let auth: FacadeConfig['auth'] = { mode: 'dev' };
  if (authMode === 'entra') {
    const tenantId = env.ENTRA_TENANT_ID ?? '';
    const audience = env.ENTRA_API_AUDIENCE ?? '';
    const clientId = env.ENTRA_CLIENT_ID ?? '';
    if (tenantId === '') errors.push('ENTRA_TENANT_ID is required with AUTH_MODE=entra.');
    if (audience === '') errors.push('ENTRA_API_AUDIENCE is required with AUTH_MODE=entra.');
    if (clientId !== '' && !GUID.test(clientId))
      errors.push(`ENTRA_CLIENT_ID=${clientId}: expected the application (client) id, a GUID.`);
    // v2.0 access tokens carry the client id as aud; api://<client id> names it too.
    const fromUri = /^api:\/\/([0-9a-f-]{36})$/i.exec(audience)?.[1];
    const audiences = [...new Set([audience, clientId, fromUri ?? ''].filter((a) => a !== ''))];
    const authority = url(env, 'ENTRA_AUTHORITY_HOST', errors) ?? 'https://login.microsoftonline.com';
    auth = { mode: 'entra', tenantId, audience, audiences, authority };
  } else if (authMode !== 'dev') errors.push(`AUTH_MODE=${authMode}: expected dev or entra.`);

  const bcVars = ['BC_TENANT_ID', 'BC_ENVIRONMENT', 'BC_CLIENT_ID', 'BC_CLIENT_SECRET'] as const;
  const bcSet = bcVars.filter((v) => (env[v] ?? '') !== '');
  let upstreamBc: FacadeConfig['upstreamBc'] = null;
  if (bcSet.length > 0 && bcSet.length < bcVars.length) {
    errors.push(
      `Upstream BC needs all of ${bcVars.join(', ')}; missing ${bcVars.filter((v) => !bcSet.includes(v)).join(', ')}.`,
    );
  } else if (bcSet.length === bcVars.length) {
    upstreamBc = {
      tenantId: env.BC_TENANT_ID as string,
      environment: env.BC_ENVIRONMENT as string,
      clientId: env.BC_CLIENT_ID as string,
      clientSecret: env.BC_CLIENT_SECRET as string,
      baseUrl: url(env, 'BC_BASE_URL', errors) ?? 'https://api.businesscentral.dynamics.com/v2.0',
    };
  }
  const graphVars = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;
  const graphSet = graphVars.filter((v) => (env[v] ?? '') !== '');
  if (graphSet.length > 0 && graphSet.length < graphVars.length) {
    errors.push(
      `Graph app access needs all of ${graphVars.join(', ')}; missing ${graphVars.filter((v) => !graphSet.includes(v)).join(', ')}.`,
    );
  }
  const graphApp =
    graphSet.length === graphVars.length
      ? {
          tenantId: env.GRAPH_TENANT_ID as string,
          clientId: env.GRAPH_CLIENT_ID as string,
          clientSecret: env.GRAPH_CLIENT_SECRET as string,
        }
      : null;
  const logLevel = (env.LOG_LEVEL ?? 'info') as FacadeConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    errors.push(`LOG_LEVEL=${env.LOG_LEVEL}: expected one of ${LOG_LEVELS.join(', ')}.`);
  const config: FacadeConfig = {
    port,
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    https: flag(env, 'HTTPS', true, errors),
    dataDir: env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data',
    databaseUrl,
    auth,
    graphBaseUrl: url(env, 'GRAPH_BASE_URL', errors),
    graphApp,
    upstreamBc,
    scheduler: flag(env, 'SCHEDULER', true, errors),
    buildPane: flag(env, 'PANE_BUILD', true, errors),
    seedDemo: flag(env, 'SEED_DEMO', databaseUrl === null, errors),
    logLevel,
    publicOrigin: url(env, 'PUBLIC_ORIGIN', errors),
    timeouts: {
      graphMs: millis(env, 'GRAPH_TIMEOUT_MS', DEFAULT_TIMEOUTS.graphMs, errors),
      bcMs: millis(env, 'BC_TIMEOUT_MS', DEFAULT_TIMEOUTS.bcMs, errors),
      tokenMs: millis(env, 'TOKEN_TIMEOUT_MS', DEFAULT_TIMEOUTS.tokenMs, errors),
    },
    rateLimit: {
      userPerMinute: perMinute(env, 'RATE_LIMIT_USER_PER_MINUTE', 3000, errors),
      ipPerMinute: perMinute(env, 'RATE_LIMIT_IP_PER_MINUTE', 6000, errors),
    },
  };
  const exposed = devModeExposure(config);
  if (exposed !== null) errors.push(exposed);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/**
 * The dev issuer mints a token for anyone who asks and the embedded Graph emulator trusts it, so dev
 * mode must never be reachable from another machine (issue 10 §4). Returns the one-line refusal, or
 * null when the configuration is safe.
 */
export function devModeExposure(config: Pick<FacadeConfig, 'auth' | 'host'>): string | null {
  if (config.auth.mode !== 'dev' || isLoopbackHost(config.host)) return null;
  return (
    `AUTH_MODE=dev with HOST=${config.host}: the dev token issuer would sign tokens for anyone who can ` +
    'reach this address; bind to 127.0.0.1 (or ::1, localhost) or set AUTH_MODE=entra.'
  );
}
