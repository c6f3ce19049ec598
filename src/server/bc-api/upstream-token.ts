import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import type { RunError } from '../../core/records.js';
import { signInFailure } from '../../core/run-errors.js';
import type { INetworkModule, NetworkRequestOptions } from '@azure/msal-node';
import { DEFAULT_TIMEOUTS, withDeadline } from '../../platform/deadline.js';

/** Returns a bearer token for an upstream API (cached by MSAL until shortly before expiry). */
export type GetToken = () => Promise<string>;

/** Business Central's API resource: its `/.default` scope (BC_SCOPE's default). */
const BC_DEFAULT_SCOPE = 'https://api.businesscentral.dynamics.com/.default';

/** One app registration at Entra ID (a confidential client: id and secret). */
export interface ConfidentialClient {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authority?: string;
  /** Replaces global fetch (tests answer the token endpoint on loopback or in-process). */
  readonly fetch?: typeof fetch;
  /** Per token-endpoint call, in milliseconds (default 15 s, TOKEN_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

export interface ClientCredentials extends ConfidentialClient {
  /** Default: Business Central's API. */
  readonly scope?: string;
}

/**
 * Entra refused a token request, or did not answer. `error` is the OAuth error (`invalid_grant`,
 * `interaction_required`, `invalid_client`…), `aadsts` Entra's number (from `error_codes`, when
 * given), `status` the HTTP status; none of them for no answer. Worded at the edge.
 */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(
    readonly grant: 'clientCredentials' | 'onBehalfOf',
    readonly scope: string,
    readonly refusal: {
      readonly error: string;
      readonly aadsts: number | null;
      readonly status: number | null;
    } | null,
    cause: unknown,
  ) {
    super(
      refusal
        ? `The token request for ${scope} was refused (${refusal.error}${refusal.aadsts ? `, AADSTS${refusal.aadsts}` : ''}).`
        : `The token request for ${scope} got no answer: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }

  /** A server run's call whose token could not be had ends saying so (F93), the refusal as data. */
  runFailure(): Pick<RunError, 'code' | 'params'> {
    const code = this.refusal
      ? `${this.refusal.error}${this.refusal.aadsts ? ` AADSTS${this.refusal.aadsts}` : ''}`
      : 'noAnswer';
    return signInFailure(this.refusal?.status ?? 0, code);
  }
}

/**
 * MSAL's ServerError (Entra answered with an OAuth error: its `error`, and `error_codes[0]` as
 * `errorNo`), or null for anything else: no answer (a timeout, a reset) or a client-side fault.
 */
export function refusalOf(e: unknown): TokenRequestError['refusal'] {
  if (!(e instanceof ServerError)) return null;
  const aadsts = Number(e.errorNo);
  return {
    error: e.errorCode,
    aadsts: Number.isInteger(aadsts) && aadsts > 0 ? aadsts : null,
    status: typeof e.status === 'number' ? e.status : null,
  };
}

/** MSAL's network interface over a fetch, so tests can play the Entra endpoints. */
function fetchNetwork(doFetch: typeof fetch): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) => {
    const res = await doFetch(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { status: res.status, headers, body: (await res.json().catch(() => ({}))) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/**
 * An `@azure/msal-node` confidential client for one app registration, every token-endpoint call
 * through fetch with a deadline (MSAL's own HTTP client sets no timeout).
 */
export function confidentialClient(options: ConfidentialClient): ConfidentialClientApplication {
  const authority = (options.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  return new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${authority}/${encodeURIComponent(options.tenantId)}`,
      // Another authority host (a sovereign cloud, a stand-in in tests) is trusted as given:
      // MSAL then skips instance discovery, which only the public cloud's host answers.
      ...(new URL(authority).host === 'login.microsoftonline.com'
        ? {}
        : { knownAuthorities: [new URL(authority).host] }),
    },
    system: {
      networkClient: fetchNetwork(
        withDeadline(options.fetch ?? ((i, init) => fetch(i, init)), {
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.tokenMs,
        }),
      ),
    },
  });
}

/**
 * OAuth 2.0 client credentials with `@azure/msal-node` (the facade's app-only access to a BC tenant
 * and to Graph for scheduled and CLI runs). MSAL caches the token and renews it before expiry.
 *
 * @throws TokenRequestError Entra refused or did not answer.
 */
export function clientCredentialsToken(options: ClientCredentials): GetToken {
  const app = confidentialClient(options);
  const scopes = [options.scope ?? BC_DEFAULT_SCOPE];
  return async () => {
    let result;
    try {
      result = await app.acquireTokenByClientCredential({ scopes });
    } catch (e) {
      throw new TokenRequestError('clientCredentials', scopes[0]!, refusalOf(e), e);
    }
    if (!result?.accessToken)
      throw new TokenRequestError('clientCredentials', scopes[0]!, null, new Error('no token in the answer'));
    return result.accessToken;
  };
}
