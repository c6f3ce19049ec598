import { ConfidentialClientApplication } from '@azure/msal-node';
import type { INetworkModule, NetworkRequestOptions } from '@azure/msal-node';
import { DEFAULT_TIMEOUTS, withDeadline } from '../../platform/deadline.js';

/** Returns a bearer token for an upstream API (cached by MSAL until shortly before expiry). */
export type GetToken = () => Promise<string>;

export interface ClientCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default: Business Central's API. */
  readonly scope?: string;
  readonly authority?: string;
  /** Replaces global fetch (tests answer the token endpoint on loopback or in-process). */
  readonly fetch?: typeof fetch;
  /** Per token-endpoint call, in milliseconds (default 15 s, TOKEN_TIMEOUT_MS). */
  readonly timeoutMs?: number;
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
 * OAuth 2.0 client credentials with `@azure/msal-node` (the facade's app-only access to a BC tenant
 * and to Graph for scheduled runs). MSAL caches the token and renews it before expiry.
 */
export function clientCredentialsToken(options: ClientCredentials): GetToken {
  const authority = (options.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const app = new ConfidentialClientApplication({
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
    // MSAL's own HTTP client sets no timeout: every token call goes through fetch with a deadline.
    system: {
      networkClient: fetchNetwork(
        withDeadline(options.fetch ?? ((i, init) => fetch(i, init)), {
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.tokenMs,
        }),
      ),
    },
  });
  const scopes = [options.scope ?? 'https://api.businesscentral.dynamics.com/.default'];
  return async () => {
    let result;
    try {
      result = await app.acquireTokenByClientCredential({ scopes });
    } catch (e) {
      throw new Error(`The token request for ${scopes[0]} failed: ${(e as Error).message}`);
    }
    if (!result?.accessToken) throw new Error(`The token request for ${scopes[0]} returned no token.`);
    return result.accessToken;
  };
}
