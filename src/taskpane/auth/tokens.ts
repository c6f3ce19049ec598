import { SignInError, download } from '../api/failure.js';
import { noAnswer } from '../api/http.js';
import type { PaneConfig } from '../config.js';
import type { OfficeHost } from '../office/office-host.js';
import { DEFAULT_TIMEOUTS, withDeadline } from '../../platform/deadline.js';
import { CallTimeoutError } from '../../platform/call-timeout-error.js';

/** Bearer tokens for the two services the pane calls. */
export interface TokenSource {
  /** Who the tokens are for, when known before the first call (dev mode). */
  readonly user: string | null;
  facade(): Promise<string>;
  graph(): Promise<string>;
  /** Drops any cached token for `audience` and gets a new one (after a 401). */
  renew(audience: 'facade' | 'graph'): Promise<string>;
}

const GRAPH_SCOPES = ['Contacts.ReadWrite', 'User.Read'];

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * AUTH_MODE=dev: tokens from the facade's `/dev/token` for any user (the demo and the tests).
 * Cached until a minute before they expire. Each request has the token endpoints' deadline
 * (`timeoutMs`, default 15 s): no answer rejects with CallTimeoutError, as a dropped connection.
 * @internal
 */
export function devTokens(
  origin: string,
  user: string,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
  timeoutMs: number = DEFAULT_TIMEOUTS.tokenMs,
): TokenSource {
  const timed = withDeadline(fetchFn, { timeoutMs });
  const cache = new Map<string, Promise<Cached>>();
  const fetchToken = async (audience: 'facade' | 'graph'): Promise<Cached> => {
    const url = `${origin}/dev/token?user=${encodeURIComponent(user)}&audience=${audience}`;
    // No answer from the issuer (the server stopped or restarts, the network is down) is the server
    // not answering, as for any facade call (status 0): the pane said "Something unexpected went
    // wrong (TypeError)" when the server was killed while it opened.
    const unanswered = (e: unknown): never => {
      throw e instanceof CallTimeoutError ? e : noAnswer(e);
    };
    const res = await timed(url).catch(unanswered);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: unknown } } | null;
      const code = typeof body?.error?.code === 'string' ? body.error.code : '';
      throw new SignInError(res.status, code, `The dev token issuer answered ${res.status} for ${user}.`);
    }
    const body = (await res.json().catch(unanswered)) as { access_token: string; expires_in?: number };
    return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
  };
  // The promise is cached, so the pane's first burst of calls shares one request.
  const get = async (audience: 'facade' | 'graph'): Promise<string> => {
    let pending = cache.get(audience);
    const hit = pending ? await pending.catch(() => null) : null;
    if (!hit || hit.expiresAt <= Date.now() + 60_000) {
      pending = fetchToken(audience);
      cache.set(audience, pending);
      pending.catch(() => cache.delete(audience));
      return (await pending).token;
    }
    return hit.token;
  };
  return {
    user,
    facade: () => get('facade'),
    graph: () => get('graph'),
    renew: (audience) => {
      cache.delete(audience);
      return get(audience);
    },
  };
}

/**
 * Production: MSAL nested app authentication (design §5). MSAL is loaded on first use by dynamic
 * import, so it is not part of the first render.
 */
function msalTokens(config: PaneConfig, office: OfficeHost): TokenSource {
  let acquire: ((scopes: string[]) => Promise<string>) | null = null;
  const load = async (): Promise<(scopes: string[]) => Promise<string>> => {
    if (!acquire) {
      const { createNaaAcquirer } = await download(() => import(/* webpackChunkName: "msal" */ './msal.js'));
      const naa = await createNaaAcquirer(config, office);
      // MSAL's failures name their errorCode (`consent_required`, `user_cancelled`…): the pane words
      // them as a sign-in failure with that code, not as the server failing to answer.
      acquire = (scopes) =>
        naa(scopes).catch((e: unknown) => {
          const code = (e as { errorCode?: unknown } | null)?.errorCode;
          throw new SignInError(0, typeof code === 'string' ? code : 'signInFailed', String(e));
        });
    }
    return acquire;
  };
  // FACADE_SCOPE may name several scopes of the facade's API (sync and BC API), space-separated.
  const facadeScopes = config.facadeScope.split(/\s+/).filter((s) => s !== '');
  return {
    user: office.userEmail,
    facade: async () => (await load())(facadeScopes),
    graph: async () => (await load())(GRAPH_SCOPES),
    // MSAL renews an expired token itself; a 401 with a fresh one is not a token problem.
    renew: async (audience) => (await load())(audience === 'graph' ? GRAPH_SCOPES : facadeScopes),
  };
}

/** Dev mode when no client id was built in. The demo user: Outlook's, `?user=`, or the default. */
export function tokenSourceFor(config: PaneConfig, office: OfficeHost, demoUser: string): TokenSource {
  if (config.clientId) return msalTokens(config, office);
  return devTokens(config.origin, office.userEmail ?? demoUser);
}
