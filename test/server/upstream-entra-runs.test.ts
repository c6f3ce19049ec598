/**
 * Issue 11 §1: scheduled and CLI runs with AUTH_MODE=entra and an upstream Business Central. On
 * loopback: the Entra stand-in issues client-credentials tokens with a separate issuer and audience
 * per resource (BC v1-style, Graph v2-style), a second facade plays the BC tenant (its API v2.0
 * mounted where a tenant's is, trusting only Entra's BC tokens with the API role), and the Graph
 * emulator trusts only Entra's Graph tokens. The facade under test is wired as `npm start` wires it
 * (serverEnvironment + RunManager, the path the scheduler and the CLI's /internal/runs share); its
 * runs sync the user's own company — one of two, the one the user is a member of.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { silentLogger } from '../../src/core/ports.js';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { AuthError } from '../../src/server/auth/verify.js';
import type { TokenVerifier } from '../../src/server/auth/verify.js';
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
  loopbackFetch,
  STANDIN_SYNC_APP,
  standinTenantEnv,
  startEntraStandin,
} from '../support/entra-standin.js';
import type { EntraStandin } from '../support/entra-standin.js';

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const OID = '0a0b0c0d-1111-4222-8333-444455556666';
const USER_KEY = `${TENANT}:${OID}`;
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

/** The stand-in tenant admits Entra's BC tokens of registered apps with API.ReadWrite.All. */
function bcTokenVerifier(): TokenVerifier {
  const jwks = createLocalJWKSet(entra.publicJwks);
  return async (authorization) => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    const { payload } = await jwtVerify(token, jwks, { issuer: bcIssuer(TENANT), audience: BC }).catch(() => {
      throw new AuthError('The token is not a Business Central token of this tenant.');
    });
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
    return {
      kind: 'app',
      appId: String(payload.appid),
      tenantId: TENANT,
      // BC's API.ReadWrite.All is what the facade-as-tenant calls BC.ReadWrite.All.
      roles: roles.includes('API.ReadWrite.All') ? ['BC.ReadWrite.All'] : [],
    };
  };
}

beforeAll(async () => {
  entra = await startEntraStandin({
    tenants: [TENANT],
    apps: [STANDIN_SYNC_APP],
    resources: {
      [GRAPH]: { audience: GRAPH, issuer: graphIssuer },
      [BC]: { audience: BC, issuer: bcIssuer },
    },
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
    verifyToken: bcTokenVerifier(),
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
    verifyToken: async () => {
      throw new AuthError('no pane in this test');
    },
    devIssuer: null,
    clock: systemClock,
    logger: silentLogger,
  };
  // An admin grants Ann the company she syncs (docs/deploy.md); she is no member of the other.
  await grantMembership(db, USER_KEY, ownCompany, 'admin');
  const app = Fastify({ logger: false });
  await app.ready();
  const env = await serverEnvironment({
    app,
    ctx,
    fetch: loopbackFetch({
      [entra.authority]: entra.url,
      'https://graph.test': `http://127.0.0.1:${(graphApp.server.address() as AddressInfo).port}`,
      'https://bc.test': tenant.origin,
    }),
  });
  ours = {
    db,
    app,
    store: stateStore,
    manager: new RunManager({ store: stateStore, env, clock: systemClock, logger: silentLogger }),
  };
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
