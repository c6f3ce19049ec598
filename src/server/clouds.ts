import type { FacadeConfig } from './config.js';
import { serverGraph } from './config.js';

/**
 * The Microsoft cloud the configuration names (tester F101): the one answer for every place that
 * asks Entra for a token or lets the pane reach a Microsoft service — server runs, `doctor` and the
 * pane's Content-Security-Policy. The public cloud unless ENTRA_AUTHORITY_HOST, GRAPH_BASE_URL and
 * BC_SCOPE name a national cloud (Microsoft's "National cloud deployments": Graph for US Government
 * L4 and L5 (DoD), and China operated by 21Vianet).
 */
const PUBLIC_GRAPH = 'https://graph.microsoft.com';
const NATIONAL_GRAPH_HOSTS = [
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
];
/** The public cloud's sign-in hosts: work accounts, and personal accounts for the NAA fallback. */
const PUBLIC_LOGIN = ['https://login.microsoftonline.com', 'https://login.live.com'];

type CloudConfig = Pick<FacadeConfig, 'graphBaseUrl' | 'auth' | 'authority' | 'upstreamBc'>;

/**
 * Graph's resource: the origin of GRAPH_BASE_URL when it is a Microsoft Graph host; anything else
 * (the embedded emulator, a stand-in or a proxy in front of Graph) speaks for public Graph, whose
 * tokens it takes.
 */
function graphResource(config: CloudConfig): string {
  const graph = serverGraph(config);
  if (graph.kind !== 'url') return PUBLIC_GRAPH;
  const url = new URL(graph.url);
  return NATIONAL_GRAPH_HOSTS.includes(url.hostname) ? url.origin : PUBLIC_GRAPH;
}

/** The scope of app-only Graph tokens (client credentials). */
export function graphScope(config: CloudConfig): string {
  return `${graphResource(config)}/.default`;
}

/** The scope of BC tokens (BC_SCOPE; its default when BC is not upstream). */
export function bcScope(config: CloudConfig): string {
  return config.upstreamBc?.scope ?? 'https://api.businesscentral.dynamics.com/.default';
}

/** Where the pane may sign in (connect-src, frame-src): the public hosts and the configured authority. */
export function loginOrigins(config: CloudConfig): string[] {
  return [...new Set([...PUBLIC_LOGIN, new URL(config.authority).origin])];
}

/** Which Graph the pane may call (connect-src): public Graph and the configured national one. */
export function graphOrigins(config: CloudConfig): string[] {
  return [...new Set([PUBLIC_GRAPH, graphResource(config)])];
}
