/**
 * `bc-contact-sync doctor`: validates the configuration against what it can reach — the Entra
 * tenant's OpenID metadata and signing keys, client-credentials tokens for Business Central and
 * Graph, BC's companies, and a user's mailbox through Graph. Each check is data (id, status, facts,
 * a fix code); doctor-report.ts turns them into words.
 */
import { loadConfig, serverGraph } from '../../server/config.js';
import type { FacadeConfig } from '../../server/config.js';
import { TokenRequestError, clientCredentialsToken } from '../../server/bc-api/upstream-token.js';
import { withDeadline } from '../../platform/deadline.js';
import type { PlaceCheckId, PlaceFixParams } from '../../server/user-place.js';

const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';
const BC_SCOPE = 'https://api.businesscentral.dynamics.com/.default';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type CheckId =
  | 'config'
  | 'issuer'
  | 'bc-token'
  | 'bc-companies'
  | 'graph-token'
  | 'graph-user'
  /** With --user, in every mode: the user, their company membership, mailbox and sync folder. */
  | PlaceCheckId;
/**
 * What each fix's words need (report.ts): a fix is its code with exactly these values, so no fix
 * can be given without them (tester F44: a missing value was printed as a literal "<url>").
 */
export interface FixParams extends PlaceFixParams {
  'config-invalid': { readonly errors: string };
  /** `variable`: where the tenant was set (ENTRA_TENANT_ID, BC_TENANT_ID or GRAPH_TENANT_ID). */
  'tenant-unknown': { readonly variable: string; readonly tenant: string };
  'issuer-mismatch': { readonly tenant: string; readonly issuer: string };
  'jwks-empty': Record<string, never>;
  /** `variable`: the secret's variable (BC_CLIENT_SECRET or GRAPH_CLIENT_SECRET). */
  'secret-invalid': { readonly variable: string; readonly clientId: string };
  /** `variable`: the client id's variable (BC_CLIENT_ID or GRAPH_CLIENT_ID). */
  'client-unknown': { readonly variable: string; readonly clientId: string; readonly tenant: string };
  'consent-missing': { readonly scope: string };
  'bc-app-not-registered': { readonly clientId: string; readonly environment: string };
  'bc-environment-unknown': { readonly environment: string };
  'graph-user-unknown': { readonly user: string };
}
export type FixCode = keyof FixParams;
/** One fix: its code and the values its words need. */
export type Fix = { [K in FixCode]: { readonly code: K; readonly params: FixParams[K] } }[FixCode];

export interface CheckResult {
  readonly id: CheckId;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Facts: what was asked and what came back (URLs, status codes, error codes, counts). */
  readonly detail: string;
  /** Failed checks only: what to do. */
  readonly fix?: Fix;
}

export interface DoctorOptions {
  readonly env: NodeJS.ProcessEnv;
  /** A mailbox to try the Graph app-only access on (UPN or object id). */
  readonly user?: string;
  /** The HTTP client for every call (tests reach loopback stand-ins through it). */
  readonly fetch?: typeof fetch;
  /**
   * With `user`: the place checks (user-place.ts) from the running server or one started for them
   * (the CLI gives it; the store is the server's). Rejects when neither can answer.
   */
  readonly place?: (user: string) => Promise<readonly CheckResult[]>;
}

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown> | null;
}

async function get(doFetch: typeof fetch, url: string, token?: string): Promise<Answer> {
  const res = await doFetch(url, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(15_000),
  });
  const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  return { status: res.status, json };
}

/** The error code of a Graph, BC or Entra error body (`error.code`, or `error` and AADSTS number). */
function errorCode(json: Record<string, unknown> | null): string {
  const e = json?.error;
  if (e && typeof e === 'object') return String((e as { code?: unknown }).code ?? '');
  const aadsts = /AADSTS(\d+)/.exec(String(json?.error_description ?? ''));
  return [typeof e === 'string' ? e : '', aadsts ? `AADSTS${aadsts[1]}` : ''].filter(Boolean).join(' ');
}

const failed = (id: CheckId, detail: string, fix: Fix): CheckResult => ({
  id,
  status: 'failed',
  detail,
  fix,
});
const fix = <K extends FixCode>(code: K, params: FixParams[K]) => ({ code, params }) as Fix;
const skipped = (id: CheckId, detail: string): CheckResult => ({ id, status: 'skipped', detail });
const passed = (id: CheckId, detail: string): CheckResult => ({ id, status: 'passed', detail });
const unreachable = (id: CheckId, url: string, e: unknown): CheckResult =>
  failed(id, `${url}: ${(e as Error).message}`, fix('unreachable', { url }));

/** The authority host Entra tokens come from (ENTRA_AUTHORITY_HOST; the public cloud by default). */
function authorityHost(env: NodeJS.ProcessEnv): string {
  return (env.ENTRA_AUTHORITY_HOST || MICROSOFT_AUTHORITY).replace(/\/+$/, '');
}

async function checkIssuer(
  config: FacadeConfig,
  authority: string,
  doFetch: typeof fetch,
): Promise<CheckResult> {
  if (config.auth.mode !== 'entra')
    return skipped('issuer', 'AUTH_MODE=dev: tokens come from the built-in dev issuer');
  const tenant = config.auth.tenantId;
  const url = `${authority}/${tenant}/v2.0/.well-known/openid-configuration`;
  let meta: Answer;
  try {
    meta = await get(doFetch, url);
  } catch (e) {
    return unreachable('issuer', url, e);
  }
  if (meta.status !== 200)
    return failed(
      'issuer',
      `${url} answered ${meta.status} ${errorCode(meta.json)}`.trim(),
      fix('tenant-unknown', { variable: 'ENTRA_TENANT_ID', tenant }),
    );
  const expected = `${authority}/${tenant}/v2.0`;
  const issuer = String(meta.json?.issuer ?? '');
  if (issuer !== expected)
    return failed(
      'issuer',
      `the metadata names issuer ${issuer || '(none)'}; tokens are checked against ${expected}`,
      fix('issuer-mismatch', { tenant, issuer }),
    );
  const jwksUri = String(meta.json?.jwks_uri ?? '');
  let keys: Answer;
  try {
    keys = await get(doFetch, jwksUri);
  } catch (e) {
    return unreachable('issuer', jwksUri, e);
  }
  const count = Array.isArray(keys.json?.keys) ? (keys.json.keys as unknown[]).length : 0;
  if (keys.status !== 200 || count === 0)
    return failed('issuer', `${jwksUri} answered ${keys.status} with ${count} keys`, fix('jwks-empty', {}));
  return passed('issuer', `issuer ${issuer}, ${count} signing keys at ${jwksUri}`);
}

/**
 * The fix for a refused or unanswered token request, from Entra's answer as data (its AADSTS
 * number, else its OAuth error; TokenRequestError), never from the message text. `endpoint`: the
 * token endpoint asked (what could not be reached when nothing answered).
 */
function tokenFix(
  e: unknown,
  /** BC or GRAPH: the prefix of the credentials' variables. */
  group: 'BC' | 'GRAPH',
  creds: { readonly tenantId: string; readonly clientId: string },
  scope: string,
  endpoint: string,
): Fix {
  if (!(e instanceof TokenRequestError)) return fix('unexpected-answer', {});
  if (e.refusal === null) return fix('unreachable', { url: endpoint });
  const { aadsts, error } = e.refusal;
  if (aadsts === 7000215 || error === 'invalid_client')
    return fix('secret-invalid', { variable: `${group}_CLIENT_SECRET`, clientId: creds.clientId });
  if (aadsts === 700016 || error === 'unauthorized_client')
    return fix('client-unknown', {
      variable: `${group}_CLIENT_ID`,
      clientId: creds.clientId,
      tenant: creds.tenantId,
    });
  if (aadsts === 90002 || aadsts === 900023 || error === 'invalid_tenant')
    return fix('tenant-unknown', { variable: `${group}_TENANT_ID`, tenant: creds.tenantId });
  if (aadsts === 65001 || aadsts === 501051 || error === 'consent_required')
    return fix('consent-missing', { scope });
  return fix('unexpected-answer', {});
}

/** A client-credentials token, or the check result that says why there is none. */
async function token(
  id: 'bc-token' | 'graph-token',
  creds: { tenantId: string; clientId: string; clientSecret: string },
  scope: string,
  authority: string,
  doFetch: typeof fetch,
): Promise<{ token: string; result: CheckResult } | { token: null; result: CheckResult }> {
  try {
    const getToken = clientCredentialsToken({ ...creds, scope, authority, fetch: doFetch });
    const value = await getToken();
    return {
      token: value,
      result: passed(id, `client credentials for ${scope} as ${creds.clientId} in ${creds.tenantId}`),
    };
  } catch (e) {
    const endpoint = `${authority}/${creds.tenantId}/oauth2/v2.0/token`;
    return {
      token: null,
      result: failed(
        id,
        (e as Error).message,
        tokenFix(e, id === 'bc-token' ? 'BC' : 'GRAPH', creds, scope, endpoint),
      ),
    };
  }
}

async function checkCompanies(
  config: FacadeConfig,
  bcToken: string,
  doFetch: typeof fetch,
): Promise<CheckResult> {
  const bc = config.upstreamBc!;
  const url = `${bc.baseUrl.replace(/\/+$/, '')}/${bc.tenantId}/${bc.environment}/api/v2.0/companies`;
  let answer: Answer;
  try {
    answer = await get(doFetch, url, bcToken);
  } catch (e) {
    return unreachable('bc-companies', url, e);
  }
  const code = errorCode(answer.json);
  if (answer.status === 200) {
    const names = (Array.isArray(answer.json?.value) ? (answer.json.value as { name?: string }[]) : []).map(
      (c) => c.name,
    );
    return passed('bc-companies', `${url}: ${names.length} companies (${names.join(', ')})`);
  }
  const detail = `${url} answered ${answer.status} ${code}`.trim();
  if (answer.status === 401 || answer.status === 403)
    return failed(
      'bc-companies',
      detail,
      fix('bc-app-not-registered', { clientId: bc.clientId, environment: bc.environment }),
    );
  if (answer.status === 404)
    return failed('bc-companies', detail, fix('bc-environment-unknown', { environment: bc.environment }));
  return failed('bc-companies', detail, fix('unexpected-answer', {}));
}

async function checkUser(
  config: FacadeConfig,
  graphToken: string,
  user: string,
  doFetch: typeof fetch,
): Promise<CheckResult> {
  const graph = serverGraph(config);
  // The emulator lives inside the server, which doctor does not start: its mailboxes are not checked.
  if (graph.kind === 'emulator')
    return skipped('graph-user', 'the embedded emulator answers any user of this server');
  const base = graph.url.replace(/\/+$/, '');
  const url = `${base}/users/${encodeURIComponent(user)}/contactFolders?$top=1`;
  let answer: Answer;
  try {
    answer = await get(doFetch, url, graphToken);
  } catch (e) {
    return unreachable('graph-user', url, e);
  }
  const code = errorCode(answer.json);
  if (answer.status === 200) return passed('graph-user', `${url}: the app reads ${user}'s contact folders`);
  const detail = `${url} answered ${answer.status} ${code}`.trim();
  if (answer.status === 404) return failed('graph-user', detail, fix('graph-user-unknown', { user }));
  // Graph says ErrorAccessDenied both without the permission and outside an RBAC scope.
  if (answer.status === 403) return failed('graph-user', detail, fix('graph-access-denied', { user }));
  if (answer.status === 401) return failed('graph-user', detail, fix('graph-token-refused', {}));
  return failed('graph-user', detail, fix('unexpected-answer', {}));
}

/** Every check, in order; later checks are skipped when what they need failed. */
export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const loaded = loadConfig(options.env);
  if (!loaded.ok)
    return [
      failed('config', loaded.errors.join(' '), fix('config-invalid', { errors: loaded.errors.join('\n') })),
    ];
  const config = loaded.config;
  // A check waits no longer than a sync would (issue 9 §3); the token calls have their own deadline.
  const doFetch = withDeadline(options.fetch ?? ((i, init) => fetch(i, init)), {
    timeoutMs: Math.max(config.timeouts.graphMs, config.timeouts.bcMs),
  });
  const authority = authorityHost(options.env);
  const results: CheckResult[] = [
    passed(
      'config',
      [
        `AUTH_MODE=${config.auth.mode}`,
        config.upstreamBc
          ? `BC ${config.upstreamBc.tenantId}/${config.upstreamBc.environment}`
          : 'BC: embedded store',
        ((g) => (g.kind === 'url' ? `Graph ${g.url}` : 'Graph: embedded emulator'))(serverGraph(config)),
      ].join(', '),
    ),
  ];
  results.push(await checkIssuer(config, authority, doFetch));
  if (config.upstreamBc) {
    const bc = await token('bc-token', config.upstreamBc, BC_SCOPE, authority, doFetch);
    results.push(bc.result);
    results.push(
      bc.token ? await checkCompanies(config, bc.token, doFetch) : skipped('bc-companies', 'no BC token'),
    );
  } else {
    results.push(skipped('bc-token', 'no upstream BC (BC_* unset): the embedded store serves the BC API'));
    results.push(skipped('bc-companies', 'no upstream BC'));
  }
  if (config.graphApp) {
    const graph = await token('graph-token', config.graphApp, GRAPH_SCOPE, authority, doFetch);
    results.push(graph.result);
    if (!options.user) results.push(skipped('graph-user', 'give --user <upn> to try a mailbox'));
    else
      results.push(
        graph.token
          ? await checkUser(config, graph.token, options.user, doFetch)
          : skipped('graph-user', 'no Graph token'),
      );
  } else {
    results.push(
      skipped(
        'graph-token',
        serverGraph(config).kind === 'emulator'
          ? 'no app-only Graph access (GRAPH_CLIENT_* unset): server-side runs use the embedded emulator with dev tokens'
          : 'no app-only Graph access (GRAPH_CLIENT_* unset): server-side runs are refused (graphAppMissing); set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET',
      ),
    );
    results.push(skipped('graph-user', 'no app-only Graph access'));
  }
  if (options.user && options.place) {
    try {
      results.push(...(await options.place(options.user)));
    } catch (e) {
      results.push(failed('user', (e as Error).message, fix('unexpected-answer', {})));
    }
  }
  return results;
}
