import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet } from 'jose';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { buildApp } from '../../src/server/app.js';
import { createTokenVerifier } from '../../src/server/auth/verify.js';
import { defaultBcSource } from '../../src/server/bc-api/default-source.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeContext } from '../../src/server/context.js';
import { serverEnvironment } from '../../src/server/embedded/environment.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import { insertCompany, insertContact } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import {
  BC_RESOURCE,
  GRAPH_RESOURCE,
  bcTenantVerifier,
  loopbackFetch,
  STANDIN_FACADE_APP,
  STANDIN_SYNC_APP,
  standinTenantEnv,
  startEntraStandin,
} from './entra-standin.js';
import type { EntraStandin, SeenBcToken } from './entra-standin.js';

/**
 * Issue 11's upstream path in this process: the Entra stand-in (a separate issuer and audience per
 * resource, on a clock the test may move), a second facade playing the BC tenant (its API v2.0
 * where a tenant's is, trusting only Entra's BC tokens), the Graph emulator trusting only Entra's
 * Graph tokens, and the facade under test wired as `npm start` wires it with BC_* set
 * (serverEnvironment + RunManager + the app). Ann may use "CRONUS Own" (facade membership and BC
 * permission); Cy may use the tenant's first company in the facade, but BC grants her nothing.
 */
const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
export const OID = '0a0b0c0d-1111-4222-8333-444455556666';
export const USER_KEY = `${TENANT}:${OID}`;
const CY = '0a0b0c0d-1111-4222-8333-cccccccccccc';
const CY_KEY = `${TENANT}:${CY}`;
const bcIssuer = (t: string) => `https://sts.windows.net/${t}/`;
const graphIssuer = (t: string) => `https://login.entra.test/${t}/v2.0`;

export interface UpstreamInProcess {
  readonly entra: EntraStandin;
  /** The stand-in BC tenant (its db holds the tenant's companies, contacts and BC permissions). */
  readonly tenant: Facade;
  /** The facade under test. */
  readonly ours: { db: Db; app: FastifyInstance; manager: RunManager; store: SqlSyncStateStore };
  readonly ownCompany: string;
  readonly otherCompany: string;
  /** BC tokens the tenant was shown, in order. */
  readonly bcSeen: SeenBcToken[];
  /** Every URL the facade under test asked the tenant for, in order. */
  readonly bcUrls: string[];
  /** Moves the clock Entra and the facade share (token lifetimes; the run manager keeps real time). */
  setAhead(ms: number): void;
  /** Called once after the next answer of the BC tenant to the facade (then cleared); null clears. */
  afterNextBcAnswer(then: (() => void) | null): void;
  hasPendingBcHook(): boolean;
  /** Ann's or Cy's token for the facade API, as the pane gets it at sign-in. */
  paneAuth(oid: string): Promise<string>;
  /** A run the pane asks the server for (POST /sync/v1/runs), to its end. */
  paneRun(oid: string, mode: 'delta' | 'full'): Promise<RunRecord>;
  close(): Promise<void>;
}

export async function startUpstreamInProcess(): Promise<UpstreamInProcess> {
  const bcSeen: SeenBcToken[] = [];
  const bcUrls: string[] = [];
  let ahead = 0;
  let hook: (() => void) | null = null;
  const testNowMs = () => Date.now() + ahead;
  const testClock = { ...systemClock, now: () => new Date(testNowMs()).toISOString() };
  const entra = await startEntraStandin({
    tenants: [TENANT],
    apps: [STANDIN_SYNC_APP, STANDIN_FACADE_APP],
    resources: {
      [GRAPH_RESOURCE]: { audience: GRAPH_RESOURCE, issuer: graphIssuer },
      [BC_RESOURCE]: { audience: BC_RESOURCE, issuer: bcIssuer },
    },
    now: testNowMs,
  });
  const emulator = await startableGraphEmulator({
    auth: {
      issuer: graphIssuer(TENANT),
      audience: GRAPH_RESOURCE,
      jwks: createLocalJWKSet(entra.publicJwks),
    },
    seed: { mailboxes: [{ id: OID, upn: 'ann@contoso.com' }] },
  });
  const graphApp = emulator.app;
  await graphApp.listen({ port: 0, host: '127.0.0.1' });

  const { template } = await buildMigratedTemplate();
  const tenant = await startFacade({
    template,
    listen: true,
    verifyToken: bcTenantVerifier(entra.publicJwks, TENANT, bcIssuer(TENANT), bcSeen),
    prefix: `/v2.0/${TENANT}/production/api/v2.0`,
  });
  const otherCompany = tenant.company.id;
  const ownCompany = (await insertCompany(tenant.db, tenant.clock, { name: 'CRONUS Own' })).id;
  for (const [company, name] of [
    [ownCompany, 'Ann Own'],
    [ownCompany, 'Bo Own'],
    [otherCompany, 'Cy Other'],
  ] as const) {
    const r = await insertContact(tenant.db, tenant.clock, company, {
      displayName: name,
      email: `${name.replace(' ', '.').toLowerCase()}@example.com`,
    });
    if (!r.ok) throw new Error(r.error.message);
  }

  const loaded = loadConfig({ HTTPS: '0', ...standinTenantEnv(TENANT, entra.authority) });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const db = await openPglite({ loadDataDir: template });
  const stateStore = new SqlSyncStateStore(db);
  const ctx: FacadeContext = {
    config: loaded.config,
    db,
    stateStore,
    // The pane's tokens: Entra's v2.0 tokens for the facade API (keys of the stand-in).
    verifyToken: createTokenVerifier({
      issuer: `${entra.authority}/${TENANT}/v2.0`,
      audience: [...(loaded.config.auth.mode === 'entra' ? loaded.config.auth.audiences : [])],
      jwks: createLocalJWKSet(entra.publicJwks),
      tenantId: TENANT,
    }),
    devIssuer: null,
    clock: testClock,
    logger: silentLogger,
  };
  // An admin grants Ann the company she syncs (docs/deploy.md); she is no member of the other.
  await grantMembership(db, USER_KEY, ownCompany, 'admin');
  // Cy may use the other company in the facade, but BC grants her nothing there (its permission sets).
  await grantMembership(db, CY_KEY, otherCompany, 'admin');
  // In the tenant, Ann's own BC permissions cover her company only; Cy has none.
  await grantMembership(tenant.db, USER_KEY, ownCompany, 'BC permission set');
  const mapped = loopbackFetch({
    [entra.authority]: entra.url,
    'https://graph.test': `http://127.0.0.1:${(graphApp.server.address() as AddressInfo).port}`,
    'https://bc.test': tenant.origin,
  });
  const outbound = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('https://bc.test/')) bcUrls.push(url);
    const res = await mapped(input, init);
    if (url.startsWith('https://bc.test/') && hook) {
      const then = hook;
      hook = null;
      then();
    }
    return res;
  }) as typeof fetch;
  const bare = Fastify({ logger: false });
  await bare.ready();
  const env = await serverEnvironment({ app: bare, ctx, fetch: outbound });
  const manager = new RunManager({ store: stateStore, env, clock: systemClock, logger: silentLogger });
  // The pane's facade: the real app, its BC API on the upstream tenant (on behalf of the user).
  const app = await buildApp({
    ctx,
    sync: { env, manager },
    bc: { source: defaultBcSource(ctx, { fetch: outbound }) },
  });
  await app.ready();
  const ours = { db, app, store: stateStore, manager };

  const paneAuth = async (oid: string) =>
    `Bearer ${await entra.userToken({
      tenant: TENANT,
      oid,
      upn: `${oid}@contoso.com`,
      audience: STANDIN_FACADE_APP.apiAudiences[1]!,
      scp: 'Sync.ReadWrite BC.ReadWrite',
    })}`;
  const paneRun = async (oid: string, mode: 'delta' | 'full') => {
    const start = await app.inject({
      method: 'POST',
      url: '/sync/v1/runs',
      headers: { authorization: await paneAuth(oid) },
      payload: { mode, trigger: 'pane' },
    });
    if (start.statusCode !== 202) throw new Error(`POST /sync/v1/runs: ${start.statusCode} ${start.body}`);
    const runId = (start.json() as { run: { id: string } }).run.id;
    const userKey = `${TENANT}:${oid}`;
    return new Promise<RunRecord>((resolve) => {
      const done = manager.get(userKey, runId);
      if (done && !done.active) return resolve(done.record);
      manager.subscribe(userKey, runId, (e) => {
        if (e.type === 'end') resolve(e.record);
      });
    });
  };

  return {
    entra,
    tenant,
    ours,
    ownCompany,
    otherCompany,
    bcSeen,
    bcUrls,
    setAhead: (ms) => (ahead = ms),
    afterNextBcAnswer: (then) => (hook = then),
    hasPendingBcHook: () => hook !== null,
    paneAuth,
    paneRun,
    close: async () => {
      await app.close();
      await db.close();
      await tenant.close();
      await graphApp.close();
      await entra.close();
    },
  };
}
