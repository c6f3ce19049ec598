/**
 * The doctor's checks against the services: the Entra tenant's OpenID metadata and signing keys,
 * client-credentials tokens, BC's companies and a user's mailbox through Graph. checks.ts runs them
 * in order.
 */
import { serverGraph } from '../../server/config.js';
import type { FacadeConfig } from '../../server/config.js';
import { TokenRequestError, clientCredentialsToken } from '../../server/bc-api/upstream-token.js';
import { failed, fix, passed, skipped, unreachable } from './check-result.js';
import type { CheckId, CheckResult, Fix } from './check-result.js';

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

/** GET `url` for check `id`: the answer, or the check's result when the service could not be reached. */
async function ask(
  id: CheckId,
  doFetch: typeof fetch,
  url: string,
  token?: string,
): Promise<{ readonly answer: Answer } | { readonly unreachable: CheckResult }> {
  try {
    return { answer: await get(doFetch, url, token) };
  } catch (e) {
    return { unreachable: unreachable(id, url, e) };
  }
}

/** The error code of a Graph, BC or Entra error body (`error.code`, or `error` and AADSTS number). */
function errorCode(json: Record<string, unknown> | null): string {
  const e = json?.error;
  if (e && typeof e === 'object') return String((e as { code?: unknown }).code ?? '');
  const aadsts = /AADSTS(\d+)/.exec(String(json?.error_description ?? ''));
  return [typeof e === 'string' ? e : '', aadsts ? `AADSTS${aadsts[1]}` : ''].filter(Boolean).join(' ');
}

export async function checkIssuer(
  config: FacadeConfig,
  authority: string,
  doFetch: typeof fetch,
): Promise<CheckResult> {
  if (config.auth.mode !== 'entra')
    return skipped('issuer', 'AUTH_MODE=dev: tokens come from the built-in dev issuer');
  const tenant = config.auth.tenantId;
  const url = `${authority}/${tenant}/v2.0/.well-known/openid-configuration`;
  const askedMeta = await ask('issuer', doFetch, url);
  if ('unreachable' in askedMeta) return askedMeta.unreachable;
  const meta = askedMeta.answer;
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
  const askedKeys = await ask('issuer', doFetch, jwksUri);
  if ('unreachable' in askedKeys) return askedKeys.unreachable;
  const keys = askedKeys.answer;
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
export async function token(
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

export async function checkCompanies(
  config: FacadeConfig,
  bcToken: string,
  doFetch: typeof fetch,
): Promise<CheckResult> {
  const bc = config.upstreamBc!;
  const url = `${bc.baseUrl.replace(/\/+$/, '')}/${bc.tenantId}/${bc.environment}/api/v2.0/companies`;
  const askedAnswer = await ask('bc-companies', doFetch, url, bcToken);
  if ('unreachable' in askedAnswer) return askedAnswer.unreachable;
  const answer = askedAnswer.answer;
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

export async function checkUser(
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
  const askedAnswer = await ask('graph-user', doFetch, url, graphToken);
  if ('unreachable' in askedAnswer) return askedAnswer.unreachable;
  const answer = askedAnswer.answer;
  const code = errorCode(answer.json);
  if (answer.status === 200) return passed('graph-user', `${url}: the app reads ${user}'s contact folders`);
  const detail = `${url} answered ${answer.status} ${code}`.trim();
  if (answer.status === 404) return failed('graph-user', detail, fix('graph-user-unknown', { user }));
  // Graph says ErrorAccessDenied both without the permission and outside an RBAC scope.
  if (answer.status === 403) return failed('graph-user', detail, fix('graph-access-denied', { user }));
  if (answer.status === 401) return failed('graph-user', detail, fix('graph-token-refused', {}));
  return failed('graph-user', detail, fix('unexpected-answer', {}));
}
