/**
 * Issue 11 (OBO): a run the user started, whose on-behalf-of BC token must be renewed after their
 * sign-in expired. On loopback: the Entra stand-in issues client-credentials and on-behalf-of tokens
 * with a separate issuer and audience per resource on a test clock the facade shares, a second
 * facade plays the BC tenant (its API v2.0 where a tenant's is, trusting only Entra's BC tokens),
 * and the Graph emulator trusts only Entra's Graph tokens. The facade under test is wired as
 * `npm start` wires it (serverEnvironment + RunManager + the app), in this process so the test can
 * move the clock in the middle of a run.
 *
 * The checks this file made before (scheduled, CLI and pane-asked runs; the pane's BC calls on
 * behalf of the user; BC's own permissions; a non-member refused) are made against the product and
 * tenant as processes in tenant-processes.test.ts, which shares its processes among them.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet } from 'jose';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { endError } from '../../src/core/run-errors.js';
import { describeRunError } from '../../src/messages/english.js';
import { startableGraphEmulator } from '../../src/emulator/index.js';
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
} from '../support/entra-standin.js';
import type { EntraStandin, SeenBcToken } from '../support/entra-standin.js';

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const OID = '0a0b0c0d-1111-4222-8333-444455556666';
const USER_KEY = `${TENANT}:${OID}`;
const CY = '0a0b0c0d-1111-4222-8333-cccccccccccc';
const CY_KEY = `${TENANT}:${CY}`;
/** BC tokens the stand-in tenant was shown, in order. */
const bcSeen: SeenBcToken[] = [];
const GRAPH = GRAPH_RESOURCE;
const BC = BC_RESOURCE;
const bcIssuer = (t: string) => `https://sts.windows.net/${t}/`;
const graphIssuer = (t: string) => `https://login.entra.test/${t}/v2.0`;

let entra: EntraStandin;
let graphApp: FastifyInstance;
let tenant: Facade;
let ours: { db: Db; app: FastifyInstance; manager: RunManager; store: SqlSyncStateStore };
let ownCompany: string;
let otherCompany: string;
/**
 * The test clock Entra and the facade share: real time plus `ahead` ms (the test moves it; nothing
 * waits). The run manager keeps real time, so only token lifetimes see the jump.
 */
let ahead = 0;
const testNowMs = () => Date.now() + ahead;
const testClock = {
  ...systemClock,
  now: () => new Date(testNowMs()).toISOString(),
};
/** Called once after the next answer of the BC tenant to the facade (then cleared). */
let afterNextBcAnswer: (() => void) | null = null;

beforeAll(async () => {
  entra = await startEntraStandin({
    tenants: [TENANT],
    apps: [STANDIN_SYNC_APP, STANDIN_FACADE_APP],
    resources: {
      [GRAPH]: { audience: GRAPH, issuer: graphIssuer },
      [BC]: { audience: BC, issuer: bcIssuer },
    },
    now: testNowMs,
  });
  const emulator = await startableGraphEmulator({
    auth: { issuer: graphIssuer(TENANT), audience: GRAPH, jwks: createLocalJWKSet(entra.publicJwks) },
    seed: { mailboxes: [{ id: OID, upn: 'ann@contoso.com' }] },
  });
  graphApp = emulator.app;
  await graphApp.listen({ port: 0, host: '127.0.0.1' });

  const { template } = await buildMigratedTemplate();
  tenant = await startFacade({
    template,
    listen: true,
    verifyToken: bcTenantVerifier(entra.publicJwks, TENANT, bcIssuer(TENANT), bcSeen),
    prefix: `/v2.0/${TENANT}/production/api/v2.0`,
  });
  otherCompany = tenant.company.id;
  ownCompany = (await insertCompany(tenant.db, tenant.clock, { name: 'CRONUS Own' })).id;
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
    const res = await mapped(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('https://bc.test/') && afterNextBcAnswer) {
      const then = afterNextBcAnswer;
      afterNextBcAnswer = null;
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
  ours = { db, app, store: stateStore, manager };
});

afterAll(async () => {
  await ours?.app.close();
  await ours?.db.close();
  await tenant?.close();
  await graphApp?.close();
  await entra?.close();
});

/** Ann's or Cy's token for the facade API, as the pane gets it at sign-in. */
const paneAuth = async (oid: string) =>
  `Bearer ${await entra.userToken({
    tenant: TENANT,
    oid,
    upn: `${oid}@contoso.com`,
    audience: STANDIN_FACADE_APP.apiAudiences[1]!,
    scp: 'Sync.ReadWrite BC.ReadWrite',
  })}`;

describe('the user’s sign-in expires in the middle of a run they started (issue 11, OBO)', () => {
  test('Entra refuses the renewal (AADSTS500133): the run ends failed, naming BC and the refused token; no app-only call', async () => {
    const seenFrom = bcSeen.length;
    const appTokensBefore = entra.requests.length;
    const oboBefore = entra.oboRequests.length;
    const start = await ours.app.inject({
      method: 'POST',
      url: '/sync/v1/runs',
      headers: { authorization: await paneAuth(OID) },
      payload: { mode: 'full', trigger: 'pane' },
    });
    expect(start.statusCode).toBe(202);
    const runId = (start.json() as { run: { id: string } }).run.id;
    // After the run's first BC answer (on Ann's behalf), 70 minutes pass on the test clock: the
    // held BC token and Ann's sign-in (1 hour) both expired, so the next BC call must renew.
    afterNextBcAnswer = () => (ahead += 70 * 60 * 1000);
    const record = await new Promise<RunRecord>((resolve) => {
      const done = ours.manager.get(USER_KEY, runId);
      if (done && !done.active) return resolve(done.record);
      ours.manager.subscribe(USER_KEY, runId, (e) => {
        if (e.type === 'end') resolve(e.record);
      });
    });
    try {
      expect(afterNextBcAnswer).toBeNull();
      expect(record.status).toBe('failed');
      expect(record.access).toEqual({ bc: 'delegated', graph: 'appOnly' });
      expect(endError(record)).toMatchObject({
        code: 'readFailed',
        params: { port: 'bc', status: 403, serviceCode: 'Upstream_TokenRefused' },
      });
      // What the user reads: Business Central, and that they must sign in again.
      expect(describeRunError(endError(record)!)).toMatch(/^Business Central: .*sign in again/i);
      // Never an app-only fallback: no client-credentials request for BC, every BC call was Ann's.
      // (entra.requests holds the OBO exchanges too, by the facade's own client; the sync app's
      // Graph token, which server runs always use for the mailbox, may be asked.)
      const appOnlyBc = entra.requests
        .slice(appTokensBefore)
        .filter((r) => r.clientId === STANDIN_SYNC_APP.clientId && r.scope.includes(BC));
      expect(appOnlyBc).toEqual([]);
      expect(bcSeen.slice(seenFrom).length).toBeGreaterThan(0);
      expect(bcSeen.slice(seenFrom).every((t) => t.kind === 'user' && t.who === OID)).toBe(true);
      // Two exchanges of Ann's sign-in: the first, and the renewal Entra refused.
      expect(entra.oboRequests.length - oboBefore).toBe(2);
    } finally {
      ahead = 0;
      afterNextBcAnswer = null;
    }
  });
});
