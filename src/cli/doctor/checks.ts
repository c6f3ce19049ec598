/**
 * `bc-contact-sync doctor`: validates the configuration against what it can reach — the Entra
 * tenant's OpenID metadata and signing keys, client-credentials tokens for Business Central and
 * Graph, BC's companies, and a user's mailbox through Graph. Each check is data (id, status, facts,
 * a fix code; check-result.ts); report.ts turns them into words.
 */
import { loadConfig, serverGraph } from '../../server/config.js';
import { withDeadline } from '../../platform/deadline.js';
import { bcScope, graphScope } from '../../server/clouds.js';
import { failed, fix, passed, skipped } from './check-result.js';
import type { CheckResult } from './check-result.js';
import { checkCompanies, checkIssuer, checkUser, token } from './upstream-checks.js';

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
  // The facade's own answers (clouds.ts): doctor asks for the tokens the product asks for (F101).
  const authority = config.authority;
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
    const bc = await token('bc-token', config.upstreamBc, bcScope(config), authority, doFetch);
    results.push(bc.result);
    results.push(
      bc.token ? await checkCompanies(config, bc.token, doFetch) : skipped('bc-companies', 'no BC token'),
    );
  } else {
    results.push(skipped('bc-token', 'no upstream BC (BC_* unset): the embedded store serves the BC API'));
    results.push(skipped('bc-companies', 'no upstream BC'));
  }
  if (config.graphApp) {
    const graph = await token('graph-token', config.graphApp, graphScope(config), authority, doFetch);
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
