/**
 * Build-time configuration (webpack's DefinePlugin replaces `process.env.X`; unset in tests) and
 * the page's own origin and query.
 */
export interface PaneConfig {
  /** Entra app (client) id; empty: dev mode, tokens from the facade's `/dev/token`. */
  readonly clientId: string;
  readonly authority: string;
  /** The facade's API scope, e.g. `api://<app id>/access_as_user`. */
  readonly facadeScope: string;
  /** Graph root; empty: the emulator of the serving origin (`<origin>/graph/v1.0`). */
  readonly graphBaseUrl: string;
  /** The origin that serves the facade, the emulator and this page. */
  readonly origin: string;
  /** `?user=` for the demo outside Office. */
  readonly demoUser: string | null;
  /** `?lang=fi` overrides Office's display language. */
  readonly lang: string | null;
  /** `?engine=server` runs syncs in the facade instead of the pane. */
  readonly engine: 'pane' | 'server';
}

export const DEFAULT_DEMO_USER = 'ann@contoso.com';

function env(value: string | undefined): string {
  return typeof value === 'string' ? value : '';
}

export function readConfig(location: Pick<Location, 'origin' | 'search'>): PaneConfig {
  const q = new URLSearchParams(location.search);
  return {
    clientId: env(process.env.AAD_CLIENT_ID),
    authority: env(process.env.AAD_AUTHORITY) || 'https://login.microsoftonline.com/common',
    facadeScope: env(process.env.FACADE_SCOPE),
    graphBaseUrl: env(process.env.GRAPH_BASE_URL),
    origin: location.origin,
    demoUser: q.get('user'),
    lang: q.get('lang'),
    engine: q.get('engine') === 'server' ? 'server' : 'pane',
  };
}

export function graphRoot(config: PaneConfig): string {
  if (config.graphBaseUrl) return config.graphBaseUrl;
  return config.clientId ? 'https://graph.microsoft.com/v1.0' : `${config.origin}/graph/v1.0`;
}

/**
 * With the built-in emulator, Graph links (nextLink, deltaLink) carry the origin of whoever asked:
 * a delta link stored by a facade-run sync names the facade's internal host. Such links are sent to
 * the emulator of this page's origin instead. Not used against real Graph.
 */
export function emulatorFetch(config: PaneConfig, fetchFn: typeof fetch = fetch): typeof fetch | undefined {
  if (config.clientId || config.graphBaseUrl) return undefined;
  const root = `${config.origin}/graph/v1.0/`;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const m = /^https?:\/\/[^/]+\/graph\/v1\.0\/(.*)$/s.exec(url);
    return fetchFn(m && !url.startsWith(root) ? `${root}${m[1]}` : input, init);
  };
}
