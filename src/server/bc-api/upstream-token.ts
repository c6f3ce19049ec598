/** Returns a bearer token for the upstream BC API (cached by the provider). */
export type GetToken = () => Promise<string>;

export interface ClientCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  readonly authority?: string;
  readonly fetch?: typeof fetch;
  readonly nowMs?: () => number;
}

/**
 * OAuth 2.0 client credentials against Entra ID, without MSAL: one POST to the v2.0 token endpoint,
 * cached until a minute before expiry. `@azure/msal-node` can replace it behind the same `GetToken`.
 */
export function clientCredentialsToken(options: ClientCredentials): GetToken {
  const doFetch = options.fetch ?? fetch;
  const now = options.nowMs ?? Date.now;
  const authority = options.authority ?? 'https://login.microsoftonline.com';
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  const acquire = async (): Promise<string> => {
    const res = await doFetch(`${authority}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: options.scope ?? 'https://api.businesscentral.dynamics.com/.default',
      }).toString(),
    });
    const json = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error_description?: string;
    };
    if (!res.ok || typeof json.access_token !== 'string') {
      throw new Error(
        `Upstream BC token request failed (${res.status}): ${json.error_description ?? 'no token'}`,
      );
    }
    cached = { token: json.access_token, expiresAt: now() + ((json.expires_in ?? 3600) - 60) * 1000 };
    return json.access_token;
  };
  return async () => {
    if (cached && cached.expiresAt > now()) return cached.token;
    pending ??= acquire().finally(() => {
      pending = null;
    });
    return pending;
  };
}
