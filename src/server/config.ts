import { isLoopbackHost } from '../platform/request-origin.js';
import { publicOriginProblem } from '../platform/addin-origin.mjs';
import { CONFIG_VARIABLES, FLAG_WORDS, variableSchema } from './config-schema.js';
import { shownValue, validateEnv } from './config-env.js';
import { parseTrustProxy } from './trust-proxy.js';
import type { ConfigEnv, ConfigVariable } from './config-schema.js';

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
        /**
         * The facade API's own registration as a confidential client (ENTRA_CLIENT_ID and
         * ENTRA_CLIENT_SECRET): with upstream BC, the pane's BC calls run on behalf of the user.
         */
        readonly client: { readonly clientId: string; readonly clientSecret: string } | null;
      };
  /** Authority host Entra tokens come from (ENTRA_AUTHORITY_HOST): verified in entra mode, asked in both. */
  readonly authority: string;
  /** GRAPH_BASE_URL; null = the default of `serverGraph` (the emulator in dev mode, else Microsoft Graph). */
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
    /** BC_SCOPE: the API's /.default scope (client credentials and on-behalf-of). */
    readonly scope: string;
  } | null;
  readonly scheduler: boolean;
  /** How often this process looks for due scheduled runs, in seconds (SCHEDULER_TICK_SECONDS). */
  readonly schedulerTickSeconds: number;
  /** Build the pane in the background at start when its build output is missing. */
  readonly buildPane: boolean;
  readonly seedDemo: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FILE as set ('-' is standard output), or null: log-file.ts decides (logDestination). */
  readonly logFile: string | null;
  /** The origin the pane and manifest are served from (for links and CORS). */
  readonly publicOrigin: string | null;
  /** Per-attempt timeouts of outbound calls, in milliseconds (issue 9 §3). */
  readonly timeouts: { readonly graphMs: number; readonly bcMs: number; readonly tokenMs: number };
  /** Requests a minute per signed-in user and per client IP address (0 = no limit); over it: 429. */
  readonly rateLimit: { readonly userPerMinute: number; readonly ipPerMinute: number };
  /**
   * Bulk requests in progress at once (work-limits.ts), per signed-in user or app and for all
   * callers together (0 = no limit); over either: 429.
   */
  readonly bulkWork: { readonly perPrincipal: number; readonly overall: number };
  /** TRUST_PROXY (trust-proxy.ts): the proxies whose X-Forwarded-* headers count; empty: none. */
  readonly trustProxy: readonly string[];
  /** DEV_SERVER_PORT: `npm run dev`'s port, whose origins CORS allows in dev mode (security-headers.ts). */
  readonly devServerPort: number;
  /** DEV_PUBLIC_ORIGIN: dev mode may answer at a PUBLIC_ORIGIN that is not this machine (devModeExposure). */
  readonly devPublicOrigin: boolean;
}

export type ConfigResult = { ok: true; config: FacadeConfig } | { ok: false; errors: string[] };

/**
 * Each variable's meaning, as the README's Configuration table says it (from CONFIG_SCHEMA).
 * @internal readme-config.test.ts goes over every variable with it, so each one the schema holds is checked against the README and loadConfig.
 */
export const ENV_VARIABLES: Readonly<Record<string, string>> = Object.fromEntries(
  CONFIG_VARIABLES.map((name) => [name, variableSchema(name).description ?? '']),
);

/** A yes/no variable (FLAG_WORDS), or `fallback` when unset. */
function flag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : (FLAG_WORDS.on as readonly string[]).includes(value.toLowerCase());
}

/** Groups of variables that come whole (all set or none): the missing ones of a part-set group. */
function partGroup(env: ConfigEnv, names: readonly ConfigVariable[]): ConfigVariable[] | null {
  const missing = names.filter((n) => env[n] === undefined);
  return missing.length > 0 && missing.length < names.length ? missing : null;
}

const BC_GROUP = ['BC_TENANT_ID', 'BC_ENVIRONMENT', 'BC_CLIENT_ID', 'BC_CLIENT_SECRET'] as const;
const GRAPH_GROUP = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;

/**
 * Reads and checks the environment (CONFIG_SCHEMA, then the rules that tie variables together);
 * every bad variable gets its own line, in the schema's (README's) order.
 */
export function loadConfig(raw: NodeJS.ProcessEnv): ConfigResult {
  const { env, errors } = validateEnv(raw);
  const needs = (name: ConfigVariable, line: string) => {
    if (!errors.has(name)) errors.set(name, line);
  };
  let auth: FacadeConfig['auth'] = { mode: 'dev' };
  if (env.AUTH_MODE === 'entra') {
    const tenantId = env.ENTRA_TENANT_ID ?? '';
    const audience = env.ENTRA_API_AUDIENCE ?? '';
    if (tenantId === '') needs('ENTRA_TENANT_ID', 'ENTRA_TENANT_ID is required with AUTH_MODE=entra.');
    if (audience === '') needs('ENTRA_API_AUDIENCE', 'ENTRA_API_AUDIENCE is required with AUTH_MODE=entra.');
    // v2.0 access tokens carry the client id as aud; api://<client id> names it too.
    const fromUri = /^api:\/\/([0-9a-f-]{36})$/i.exec(audience)?.[1];
    const audiences = [
      ...new Set([audience, env.ENTRA_CLIENT_ID ?? '', fromUri ?? ''].filter((a) => a !== '')),
    ];
    const client =
      env.ENTRA_CLIENT_ID && env.ENTRA_CLIENT_SECRET
        ? { clientId: env.ENTRA_CLIENT_ID, clientSecret: env.ENTRA_CLIENT_SECRET }
        : null;
    auth = { mode: 'entra', tenantId, audience, audiences, client };
    // Issue 10 §2: the pane's BC calls carry the user's own BC permissions (on-behalf-of), which
    // needs the facade API's own secret; app-only access is for scheduled and CLI runs only.
    if (client === null && partGroup(env, BC_GROUP) === null && env.BC_TENANT_ID !== undefined) {
      const missing = (['ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET'] as const).filter(
        (n) => env[n] === undefined,
      );
      needs(
        missing[0]!,
        `Upstream BC with AUTH_MODE=entra calls BC on behalf of the pane's user: set ${missing.join(' and ')} (the facade API's app registration).`,
      );
    }
  }
  const bcMissing = partGroup(env, BC_GROUP);
  if (bcMissing)
    needs(
      'BC_TENANT_ID',
      `Upstream BC needs all of ${BC_GROUP.join(', ')}; missing ${bcMissing.join(', ')}.`,
    );
  const graphMissing = partGroup(env, GRAPH_GROUP);
  if (graphMissing)
    needs(
      'GRAPH_TENANT_ID',
      `Graph app access needs all of ${GRAPH_GROUP.join(', ')}; missing ${graphMissing.join(', ')}.`,
    );
  // Tester F27: any URL passed the schema's format (postgres:, paths, XML characters) into the manifest.
  const originProblem = env.PUBLIC_ORIGIN === undefined ? null : publicOriginProblem(env.PUBLIC_ORIGIN);
  if (originProblem !== null)
    needs(
      'PUBLIC_ORIGIN',
      `PUBLIC_ORIGIN=${shownValue(env.PUBLIC_ORIGIN ?? '')}: ${originProblem}; expected https://host[:port].`,
    );
  const proxies = parseTrustProxy(env.TRUST_PROXY);
  if (proxies.problem !== null)
    needs('TRUST_PROXY', `TRUST_PROXY: ${proxies.problem}; expected e.g. 127.0.0.1,10.0.0.0/8.`);
  const databaseUrl = env.DATABASE_URL === undefined ? null : trimmed(env.DATABASE_URL);
  const config: FacadeConfig = {
    port: env.PORT,
    host: env.HOST,
    https: flag(env.HTTPS, true),
    dataDir: env.DATA_DIR,
    databaseUrl,
    auth,
    authority: trimmed(env.ENTRA_AUTHORITY_HOST),
    graphBaseUrl: env.GRAPH_BASE_URL === undefined ? null : trimmed(env.GRAPH_BASE_URL),
    graphApp:
      env.GRAPH_TENANT_ID && env.GRAPH_CLIENT_ID && env.GRAPH_CLIENT_SECRET
        ? {
            tenantId: env.GRAPH_TENANT_ID,
            clientId: env.GRAPH_CLIENT_ID,
            clientSecret: env.GRAPH_CLIENT_SECRET,
          }
        : null,
    upstreamBc:
      env.BC_TENANT_ID && env.BC_ENVIRONMENT && env.BC_CLIENT_ID && env.BC_CLIENT_SECRET
        ? {
            tenantId: env.BC_TENANT_ID,
            environment: env.BC_ENVIRONMENT,
            clientId: env.BC_CLIENT_ID,
            clientSecret: env.BC_CLIENT_SECRET,
            baseUrl: trimmed(env.BC_BASE_URL),
            scope: env.BC_SCOPE,
          }
        : null,
    scheduler: flag(env.SCHEDULER, true),
    schedulerTickSeconds: env.SCHEDULER_TICK_SECONDS,
    buildPane: flag(env.PANE_BUILD, true),
    seedDemo: flag(env.SEED_DEMO, databaseUrl === null),
    logLevel: env.LOG_LEVEL,
    logFile: env.LOG_FILE === undefined || env.LOG_FILE.trim() === '' ? null : env.LOG_FILE.trim(),
    publicOrigin:
      env.PUBLIC_ORIGIN === undefined || originProblem !== null
        ? null
        : new URL(env.PUBLIC_ORIGIN.trim()).origin,
    timeouts: { graphMs: env.GRAPH_TIMEOUT_MS, bcMs: env.BC_TIMEOUT_MS, tokenMs: env.TOKEN_TIMEOUT_MS },
    rateLimit: { userPerMinute: env.RATE_LIMIT_USER_PER_MINUTE, ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE },
    bulkWork: { perPrincipal: env.BULK_WORK_PER_USER, overall: env.BULK_WORK_AT_ONCE },
    trustProxy: proxies.list,
    devPublicOrigin: flag(env.DEV_PUBLIC_ORIGIN, false),
    devServerPort: env.DEV_SERVER_PORT,
  };
  const lines = CONFIG_VARIABLES.flatMap((name) => (errors.has(name) ? [errors.get(name)!] : []));
  const exposed = devModeExposure(config);
  if (exposed !== null) lines.push(exposed);
  return lines.length > 0 ? { ok: false, errors: lines } : { ok: true, config };
}

/**
 * The command line's own variable, checked alone (the running server checked its own at its start):
 * CLI_TIMEOUT_MS, or the one line saying what is wrong with it.
 */
export function cliTimeoutMs(
  raw: NodeJS.ProcessEnv,
): { ok: true; ms: number } | { ok: false; error: string } {
  const given = raw.CLI_TIMEOUT_MS;
  const { env, errors } = validateEnv(given === undefined ? {} : { CLI_TIMEOUT_MS: given });
  const error = errors.get('CLI_TIMEOUT_MS');
  return error ? { ok: false, error } : { ok: true, ms: env.CLI_TIMEOUT_MS };
}

/**
 * Microsoft Graph's v1.0 endpoint (the public cloud).
 * @internal
 */
export const MICROSOFT_GRAPH = 'https://graph.microsoft.com/v1.0';

/**
 * Which Graph server-side runs (schedule, CLI) use — the one answer the server (what it mounts and
 * calls), the banner and doctor give (tester F35): GRAPH_BASE_URL when set; else, with
 * AUTH_MODE=dev, the embedded emulator at /graph/v1.0; else (AUTH_MODE=entra, a real tenant)
 * Microsoft Graph. Whether runs may call it is another question: app-only access (GRAPH_CLIENT_*)
 * or, in dev mode, the dev issuer.
 */
export function serverGraph(
  config: Pick<FacadeConfig, 'graphBaseUrl' | 'auth'>,
): { readonly kind: 'emulator' } | { readonly kind: 'url'; readonly url: string } {
  if (config.graphBaseUrl !== null) return { kind: 'url', url: config.graphBaseUrl };
  return config.auth.mode === 'dev' ? { kind: 'emulator' } : { kind: 'url', url: MICROSOFT_GRAPH };
}

/** A URL without its trailing slashes (bases get paths appended). */
function trimmed(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The dev issuer mints a token for anyone who asks and the embedded Graph emulator trusts it, so dev
 * mode must never be reachable from another machine (issue 10 §4): not by its own address (HOST),
 * nor through a reverse proxy or tunnel that serves it at a PUBLIC_ORIGIN that is not this machine
 * (F134: the documented proxy set-up with AUTH_MODE left at its default gave anyone admin tokens),
 * unless the operator says so (DEV_PUBLIC_ORIGIN=1). Returns the one-line refusal, or null.
 */
export function devModeExposure(
  config: Pick<FacadeConfig, 'auth' | 'host' | 'publicOrigin' | 'devPublicOrigin'>,
): string | null {
  if (config.auth.mode !== 'dev') return null;
  if (!isLoopbackHost(config.host))
    return (
      `AUTH_MODE=dev with HOST=${config.host}: the dev token issuer would sign tokens for anyone who can ` +
      'reach this address; bind to 127.0.0.1 (or ::1, localhost) or set AUTH_MODE=entra.'
    );
  const origin = config.publicOrigin === null ? null : new URL(config.publicOrigin).hostname;
  if (origin === null || isLoopbackHost(origin) || config.devPublicOrigin) return null;
  return (
    `AUTH_MODE=dev with PUBLIC_ORIGIN=${config.publicOrigin}: the dev token issuer would sign tokens for ` +
    'anyone who reaches that origin; set AUTH_MODE=entra (production), or DEV_PUBLIC_ORIGIN=1 for a tunnel only you use.'
  );
}
