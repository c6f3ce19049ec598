import { createHash } from 'node:crypto';
import type { ConfidentialClient } from './upstream-token.js';
import { TokenRequestError, confidentialClient, refusalOf } from './upstream-token.js';

/** The signed-in user a BC call acts for: their key and the access token they sent the facade. */
export interface OnBehalfOfUser {
  /** `<tid>:<oid>` (identity.ts). */
  readonly userId: string;
  /** The caller's bearer token for the facade's API: the OBO flow's `assertion`. */
  readonly assertion: string;
}

/** A token for the downstream API acting as `user`, with their own permissions there. */
export type OnBehalfOfToken = (user: OnBehalfOfUser) => Promise<string>;

export interface OnBehalfOfOptions extends ConfidentialClient {
  /** The downstream API's scope, e.g. BC's `https://api.businesscentral.dynamics.com/.default`. */
  readonly scope: string;
  /** Wall clock in ms (tests); default Date.now. */
  readonly now?: () => number;
  /** Users whose token is held at once (default 10,000); the least recently used goes first. */
  readonly maxUsers?: number;
}

/**
 * MSAL renews a cached token 5 minutes before it expires (its `tokenRenewalOffsetSeconds`); the
 * per-user cache below does the same, so a token handed out still has minutes to live.
 */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

interface Held {
  /** SHA-256 of the assertion the token was obtained with (a new sign-in brings a new one). */
  readonly assertionHash: string;
  readonly token: Promise<{ accessToken: string; expiresAtMs: number }>;
}

/**
 * The OAuth 2.0 on-behalf-of flow through `@azure/msal-node`
 * (`ConfidentialClientApplication.acquireTokenOnBehalfOf`): the facade, a confidential client whose
 * API the pane's token was issued for, exchanges that token (the assertion) for one to the
 * downstream API carrying the same user and the delegated permissions the app was granted there —
 * so Business Central applies the user's own permission sets (issue 10 §2). Entra's token request:
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `requested_token_use=on_behalf_of`,
 * `assertion`, `scope`, and the client's credentials (Microsoft identity platform, "OAuth 2.0
 * On-Behalf-Of flow"). Only user tokens can be exchanged; app-only runs use client credentials.
 *
 * Tokens are held per user (the key, not the assertion: one entry per user however often the pane
 * signs in again) until 5 minutes before they expire, and for the assertion they were obtained
 * with; concurrent requests of one user share one token request. MSAL's own cache, keyed by
 * assertion and never pruned, is cleared after each request so memory stays bounded by `maxUsers`.
 *
 * @throws TokenRequestError Entra refused (an expired assertion, missing consent, a conditional
 *   access policy) or did not answer; nothing is held then.
 */
export function onBehalfOfTokens(options: OnBehalfOfOptions): OnBehalfOfToken {
  const app = confidentialClient(options);
  const now = options.now ?? Date.now;
  const maxUsers = options.maxUsers ?? 10_000;
  const held = new Map<string, Held>();

  const acquire = async (assertion: string) => {
    let result;
    try {
      result = await app.acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: [options.scope],
        skipCache: true,
      });
    } catch (e) {
      throw new TokenRequestError('onBehalfOf', options.scope, refusalOf(e), e);
    } finally {
      app.clearCache();
    }
    if (!result?.accessToken)
      throw new TokenRequestError('onBehalfOf', options.scope, null, new Error('no token in the answer'));
    return { accessToken: result.accessToken, expiresAtMs: result.expiresOn?.getTime() ?? now() };
  };

  return async ({ userId, assertion }) => {
    const assertionHash = createHash('sha256').update(assertion).digest('base64url');
    const current = held.get(userId);
    if (current?.assertionHash === assertionHash) {
      const t = await current.token.catch(() => null);
      if (t && t.expiresAtMs - RENEW_BEFORE_MS > now()) {
        // Most recently used last: Map keeps insertion order.
        held.delete(userId);
        held.set(userId, current);
        return t.accessToken;
      }
    }
    const entry: Held = { assertionHash, token: acquire(assertion) };
    held.delete(userId);
    held.set(userId, entry);
    while (held.size > maxUsers) held.delete(held.keys().next().value!);
    try {
      return (await entry.token).accessToken;
    } catch (e) {
      if (held.get(userId) === entry) held.delete(userId);
      throw e;
    }
  };
}
