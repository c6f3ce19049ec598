import type { FastifyInstance } from 'fastify';
import { MemberStoreBcContacts } from './member-bc-contacts.js';
import { HttpBcContacts } from '../../bc/index.js';
import type { BcContacts } from '../../core/ports.js';
import { GraphMailbox, QuotaBudgets } from '../../graph/index.js';
import type { DevIssuer } from '../auth/dev-issuer.js';
import { parseUserKey } from '../auth/identity.js';
import { serverGraph } from '../config.js';
import type { FacadeConfig } from '../config.js';
import type { SyncEnvironment } from '../sync/run-manager.js';
import { clientCredentialsToken } from '../bc-api/upstream-token.js';
import { RunEnvironmentError } from '../sync/run-refusals.js';
import { injectFetch } from './inject-fetch.js';
import { withDeadline } from '../../platform/deadline.js';
import { memberCompanyList, noCompanyMembership, storeCompanyOrder } from './run-company.js';
import type { ListedCompany } from './run-company.js';
import { companyNameAmong, runCompanyAmong } from '../../core/state-origin.js';
import { graphScope } from '../clouds.js';
import { serverRunsConfigProblem } from '../server-runs-config.js';
import { stateCompanyOf } from '../sync/state-company.js';
import { INTERNAL_BC_ORIGIN, internalBcApi } from './internal-bc-api.js';
import type { InternalBcApi } from './internal-bc-api.js';
import { defaultBcSource } from '../bc-api/default-source.js';
import type { FacadeContext } from '../context.js';

export interface EnvironmentDeps {
  readonly app: FastifyInstance;
  readonly ctx: FacadeContext;
  /** Outbound calls (tokens, Graph, BC); tests map their stand-ins' https hosts to loopback. */
  readonly fetch?: typeof fetch;
}

/**
 * How server-side runs (scheduler, CLI, pane-started server runs) reach both sides: BC through the
 * store or, in upstream mode, through an in-process copy of the BC API acting as the run's user
 * (internal-bc-api.ts): the tenant on behalf of the user when they started it with an Entra token
 * (issue 10 §2), else with the facade's client credentials (scheduled and CLI runs); the mailbox
 * through Graph with app-only access — `serverGraph`: the embedded emulator (dev mode, answered
 * in-process), GRAPH_BASE_URL, or Microsoft Graph.
 */
export async function serverEnvironment(deps: EnvironmentDeps): Promise<SyncEnvironment> {
  const { app, ctx } = deps;
  const { config, db, clock, devIssuer } = ctx;
  const local = injectFetch(app);
  const internal = config.upstreamBc
    ? await internalBcApi(ctx, defaultBcSource(ctx, deps.fetch ? { fetch: deps.fetch } : {}))
    : null;
  const graphToken = graphTokenSource(config, devIssuer, deps.fetch);
  const graph = serverGraph(config);
  // What each mailbox's quota was learned to be, kept across the runs of this process.
  const quotaBudgets = new QuotaBudgets();
  // On behalf of the user only where their token can be exchanged (entra mode with the facade
  // API's secret); dev-mode upstream runs are app-only whoever starts them, and say so.
  const delegated = (onBehalfOf: string | undefined) =>
    onBehalfOf !== undefined && config.auth.mode === 'entra' && config.auth.client !== null;
  return {
    access: (onBehalfOf) => ({
      bc: !config.upstreamBc ? 'store' : delegated(onBehalfOf) ? 'delegated' : 'appOnly',
      graph: 'appOnly',
    }),
    bcContacts: async (userId, io, onBehalfOf, forRun) => {
      // The company the user's sync state belongs to goes first while they may use it (F86). A run
      // picks it itself from the records it reads once after its lease (core stateCompanyAdapter,
      // issue 12): this adapter lists the user's companies and opens another.
      const stateCompany = forRun ? null : await stateCompanyOf(ctx.stateStore, userId);
      if (internal) {
        const token = internal.tokenFor(userId, delegated(onBehalfOf) ? onBehalfOf : undefined);
        const companies = await userCompanies(internal, token, config.timeouts.bcMs, io?.signal);
        const open = (companyId: string): BcContacts =>
          Object.assign(
            new HttpBcContacts({
              baseUrl: `${INTERNAL_BC_ORIGIN}/api/v2.0`,
              companyId,
              ...named(companies, companyId),
              getToken: async () => token,
              fetch: internal.fetch,
              timeoutMs: config.timeouts.bcMs,
              ...(io ? { signal: io.signal } : {}),
              ...(io?.waits ? { waits: io.waits } : {}),
            }),
            forRun ? listed(companies, open) : {},
          );
        return open(pick(companies, stateCompany));
      }
      // Store mode checks the membership here (issue 10 §2) and again before each group of writes
      // (F74); upstream mode above through the BC API's own rules, on each request.
      const companies = await memberCompanyList(db, storeCompanyOrder(db), userId);
      const open = (companyId: string): BcContacts =>
        Object.assign(
          new MemberStoreBcContacts(db, clock, companyId, userId, named(companies, companyId).companyName),
          forRun ? listed(companies, open) : {},
        );
      return open(pick(companies, stateCompany));
    },
    mailboxFor: (userId, io) => {
      // Refused before the run starts, so the caller gets the reason instead of a failed run.
      if (!graphToken) throw graphAppMissing(config);
      const key = parseUserKey(userId);
      if (!key) throw new Error(`${userId} is not a user key <tenant id>:<object id>.`);
      return new GraphMailbox({
        timeoutMs: config.timeouts.graphMs,
        ...(io ? { signal: io.signal } : {}),
        ...(io?.waits ? { waits: io.waits } : {}),
        baseUrl: graph.kind === 'url' ? graph.url : 'http://facade.internal/graph/v1.0',
        // /users/{object id}: Graph and the embedded emulator both address a mailbox by it.
        mailbox: { kind: 'user', id: key.oid },
        getToken: graphToken,
        quotaBudgets,
        ...(graph.kind === 'url' ? (deps.fetch ? { fetch: deps.fetch } : {}) : { fetch: local }),
      });
    },
  };
}

/**
 * The company server work syncs for this user: `stateCompany` (F86) when listed for them, else
 * the first listed (their memberships, in the tenant's order) — the one the pane picks
 * (taskpane/api/facade-api.ts). The list is never empty (`noCompanyMembership` before).
 */
function pick(companies: readonly ListedCompany[], stateCompany: string | null): string {
  const id = runCompanyAmong(
    companies.map((c) => c.id),
    stateCompany,
  );
  if (id === undefined) throw noCompanyMembership();
  return id;
}

/**
 * What a run's adapter knows of the user's companies (core/ports.ts): their ids in BC's order, an
 * adapter for another, and each one's name (F104: a state from before records named its company).
 */
function listed(
  companies: readonly ListedCompany[],
  open: (companyId: string) => BcContacts,
): Pick<BcContacts, 'companies' | 'forCompany' | 'nameOf'> {
  return {
    companies: companies.map((c) => c.id),
    forCompany: open,
    nameOf: (id) => companyNameAmong(companies, id),
  };
}

/** The name BC lists company `id` under, for the adapter to carry (F104); none when unnamed. */
function named(companies: readonly ListedCompany[], id: string): { companyName?: string } {
  const name = companies.find((c) => c.id === id)?.displayName;
  return name ? { companyName: name } : {};
}

/**
 * The companies the BC API lists for the user (their memberships, in the tenant's order); never empty.
 * Under the BC deadline and the run's signal: the in-process fetch ignores a signal of its own, so
 * the deadline races it (platform/deadline.ts).
 */
async function userCompanies(
  internal: InternalBcApi,
  token: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ListedCompany[]> {
  const res = await withDeadline(internal.fetch, { timeoutMs, signal })(
    `${INTERNAL_BC_ORIGIN}/api/v2.0/companies`,
    {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    },
  );
  const body = (await res.json().catch(() => ({}))) as { value?: { id?: unknown; displayName?: unknown }[] };
  if (!res.ok) {
    const refused = body as { error?: { code?: string; message?: string } };
    throw new Error(
      `Business Central did not list the companies (${res.status} ${refused.error?.code ?? ''}): ${refused.error?.message ?? ''}`,
    );
  }
  const listed = (body.value ?? []).flatMap((c) =>
    typeof c.id === 'string'
      ? [{ id: c.id, displayName: typeof c.displayName === 'string' ? c.displayName : '' }]
      : [],
  );
  if (listed.length === 0) throw noCompanyMembership();
  return listed;
}

function graphAppMissing(config: FacadeConfig): RunEnvironmentError {
  return new RunEnvironmentError(
    'graphAppMissing',
    serverRunsConfigProblem(config) ?? 'Server-side runs have no Graph token source.',
  );
}

/** App-only Graph tokens for server-side runs; null when this configuration has none. */
function graphTokenSource(
  config: FacadeConfig,
  devIssuer: DevIssuer | null,
  doFetch: typeof fetch | undefined,
): (() => Promise<string>) | null {
  if (config.graphApp) {
    return clientCredentialsToken({
      ...config.graphApp,
      scope: graphScope(config),
      timeoutMs: config.timeouts.tokenMs,
      authority: config.authority,
      ...(doFetch ? { fetch: doFetch } : {}),
    });
  }
  if (devIssuer) return () => devIssuer.appToken('graph');
  return null;
}
