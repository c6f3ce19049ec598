/**
 * Issue 11 §1: scheduled and CLI runs with AUTH_MODE=entra and an upstream Business Central. On
 * loopback: the Entra stand-in issues client-credentials tokens with a separate issuer and audience
 * per resource (BC v1-style, Graph v2-style), a second facade plays the BC tenant (its API v2.0
 * mounted where a tenant's is, trusting only Entra's BC tokens with the API role), and the Graph
 * emulator trusts only Entra's Graph tokens. The facade under test is wired as `npm start` wires it
 * (serverEnvironment + RunManager, the path the scheduler and the CLI's /internal/runs share); its
 * runs sync the user's own company — one of two, the one the user is a member of.
 *
 * Issue 10 §2: what the pane asks (its BC API calls, the runs it starts) reaches the tenant on
 * behalf of the user (the stand-in's OBO grant), so the tenant's own permissions for that user
 * apply; scheduled and CLI runs are app-only, and every run record says which.
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
import type { GraphEmulator } from '../../src/emulator/index.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { buildApp } from '../../src/server/app.js';
import { createTokenVerifier } from '../../src/server/auth/verify.js';
import { defaultBcSource } from '../../src/server/bc-api/default-source.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeContext } from '../../src/server/context.js';
import { serverEnvironment } from '../../src/server/embedded/environment.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import { insertCompany, insertContact, updateContact } from '../../src/store/bc-repository.js';
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
let graph: GraphEmulator;
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
  graph = emulator.emulator;
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

/** Display names in Ann's "Business Central" folder of the emulator. */
function outlookNames(): string[] {
  const mailbox = graph.store.findMailbox(OID);
  const folder = [...(mailbox?.folders.values() ?? [])].find((f) => f.displayName === 'Business Central');
  return [...(folder?.contacts.values() ?? [])].map((c) => String(c.props.displayName)).sort();
}

describe('server runs with AUTH_MODE=entra and an upstream BC', () => {
  test('a scheduled full run syncs the user’s own company with app-only BC and Graph tokens', async () => {
    const outcome = await ours.manager.runNow(USER_KEY, { mode: 'full', trigger: 'schedule' });
    expect(outcome.record.status).toBe('succeeded');
    expect(outcome.record.access).toEqual({ bc: 'appOnly', graph: 'appOnly' });
    expect(new Set(bcSeen.map((t) => t.kind))).toEqual(new Set(['app']));
    expect(outlookNames()).toEqual(['Ann Own', 'Bo Own']);
    // Client credentials per resource, through MSAL against the stand-in authority.
    const scopes = new Set(entra.requests.map((r) => `${r.clientId} ${r.scope}`));
    expect(scopes).toEqual(new Set([`sync-app ${BC}/.default`, `sync-app ${GRAPH}/.default`]));
  });

  test('a CLI delta run carries a BC edit to Outlook', async () => {
    const contacts = await tenant.app.inject({
      method: 'GET',
      url: `/v2.0/${TENANT}/production/api/v2.0/companies(${ownCompany})/contacts?$filter=displayName eq 'Bo Own'`,
      headers: { authorization: `Bearer ${await appBcToken()}` },
    });
    const bo = (contacts.json() as { value: { id: string }[] }).value[0]!;
    // The tenant stamps its own time, and its HTTP Date header (the watermark's source) is real
    // time: the stand-in's manual clock is moved to just after now.
    tenant.clock.advance(Date.now() - Date.parse(tenant.clock.now()) + 1000);
    const r = await updateContact(tenant.db, tenant.clock, ownCompany, bo.id, '*', {
      displayName: 'Bo Renamed',
    });
    expect(r.ok).toBe(true);
    const outcome = await ours.manager.runNow(USER_KEY, { mode: 'delta', trigger: 'cli' });
    expect(outcome.record.status).toBe('succeeded');
    expect(outlookNames()).toEqual(['Ann Own', 'Bo Renamed']);
  });

  test('a user who is a member of no company is refused before the run, with the reason as data', async () => {
    const stranger = `${TENANT}:99999999-1111-4222-8333-444455556666`;
    await expect(ours.manager.runNow(stranger, { mode: 'full', trigger: 'schedule' })).rejects.toMatchObject({
      reason: 'noCompanyMembership',
    });
    // The scheduled run leaves a failed record saying why (issue 10 §2).
    const [record] = await ours.store.listRuns(stranger, 1);
    expect(record?.errors.map((e) => e.code)).toEqual(['noCompanyMembership']);
  });
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

describe('the pane’s calls on behalf of the user (issue 10 §2)', () => {
  test('a BC API read reaches the tenant with the user’s own token (OBO), not the app’s', async () => {
    const before = { obo: entra.oboRequests.length, seen: bcSeen.length };
    const res = await ours.app.inject({
      method: 'GET',
      url: `/api/v2.0/companies(${ownCompany})/contacts?$select=displayName`,
      headers: { authorization: await paneAuth(OID) },
    });
    expect(res.statusCode).toBe(200);
    expect(
      (res.json() as { value: { displayName: string }[] }).value.map((c) => c.displayName).sort(),
    ).toEqual(expect.arrayContaining(['Ann Own']));
    expect(entra.oboRequests.length - before.obo).toBe(1);
    expect(entra.oboRequests.at(-1)?.get('client_id')).toBe(STANDIN_FACADE_APP.clientId);
    expect(bcSeen.slice(before.seen)).toEqual(expect.arrayContaining([{ kind: 'user', who: OID }]));
    expect(bcSeen.slice(before.seen).filter((t) => t.kind === 'app')).toEqual([]);
  });

  test('BC’s permissions apply: a company the facade lets Cy use but BC does not answers 404, no data', async () => {
    const res = await ours.app.inject({
      method: 'GET',
      url: `/api/v2.0/companies(${otherCompany})/contacts`,
      headers: { authorization: await paneAuth(CY) },
    });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Cy Other');
    // With the app's access the same company has data: the refusal is BC's, for Cy.
    const asApp = await tenant.app.inject({
      method: 'GET',
      url: `/v2.0/${TENANT}/production/api/v2.0/companies(${otherCompany})/contacts`,
      headers: { authorization: `Bearer ${await appBcToken()}` },
    });
    expect(asApp.body).toContain('Cy Other');
  });

  test('a run the user starts is delegated and says so; a CLI run of the same user is app-only', async () => {
    const start = await ours.app.inject({
      method: 'POST',
      url: '/sync/v1/runs',
      headers: { authorization: await paneAuth(OID) },
      payload: { mode: 'full', trigger: 'pane' },
    });
    expect(start.statusCode).toBe(202);
    const runId = (start.json() as { run: { id: string } }).run.id;
    const seenFrom = bcSeen.length;
    // Its end, from the run manager's events (the pane's progress stream).
    const record = await new Promise<RunRecord>((resolve) => {
      const done = ours.manager.get(USER_KEY, runId);
      if (done && !done.active) return resolve(done.record);
      ours.manager.subscribe(USER_KEY, runId, (e) => {
        if (e.type === 'end') resolve(e.record);
      });
    });
    expect(record.status).toBe('succeeded');
    expect(record.access).toEqual({ bc: 'delegated', graph: 'appOnly' });
    expect(bcSeen.slice(seenFrom).every((t) => t.kind === 'user' && t.who === OID)).toBe(true);
    const cli = await ours.manager.runNow(USER_KEY, { mode: 'delta', trigger: 'cli' });
    expect(cli.record.access).toEqual({ bc: 'appOnly', graph: 'appOnly' });
  });
});

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
      // Never an app-only fallback: no client-credentials request, every BC call was Ann's.
      expect(entra.requests.length).toBe(appTokensBefore);
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

/** A BC token as the stand-in tenant's own test reads it (not the facade's). */
async function appBcToken(): Promise<string> {
  const { clientCredentialsToken } = await import('../../src/server/bc-api/upstream-token.js');
  return clientCredentialsToken({
    tenantId: TENANT,
    clientId: 'sync-app',
    clientSecret: 's3cret',
    authority: entra.authority,
    fetch: loopbackFetch({ [entra.authority]: entra.url }),
  })();
}
