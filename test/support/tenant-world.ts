/**
 * The world of tenant-processes.test.ts: the product and a stand-in BC tenant as OS processes,
 * Entra as an HTTPS stand-in, the Graph emulator, PostgreSQL; Ann's hosts (pane, CLI, schedule)
 * and the edits made between their turns. `useTenantWorld()` starts and ends it around a file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet } from 'jose';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import {
  BC_RESOURCE,
  GRAPH_RESOURCE,
  STANDIN_FACADE_APP,
  STANDIN_SYNC_APP,
  standinTenantEnv,
  startEntraStandin,
} from './entra-standin.js';
import type { EntraStandin } from './entra-standin.js';
import { createTestDatabase } from './postgres.js';
import type { TestDatabase } from './postgres.js';
import { ProductProcesses } from './product-process.js';
import { startTenantProcess } from './tenant-process.js';
import type { TenantProcess } from './tenant-process.js';
import { makeTestCertificate } from './test-certificate.js';
import type { TestCertificate } from './test-certificate.js';

export const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
export const OID = '0a0b0c0d-1111-4222-8333-444455556666';
export const USER_KEY = `${TENANT}:${OID}`;
/** Cy: the facade lets her use the other company; BC's permission sets give her nothing there. */
export const CY = '0a0b0c0d-1111-4222-8333-cccccccccccc';
const CY_KEY = `${TENANT}:${CY}`;
export const ENVIRONMENT = 'production';
export const FOLDER = 'Business Central';
/** Entra's BC tokens are v1.0 (sts.windows.net); its Graph and facade tokens v2.0 (the authority's). */
const bcIssuer = (t: string) => `https://sts.windows.net/${t}/`;

let cert: TestCertificate;
export let entra: EntraStandin;
let graphApp: FastifyInstance;
export let graph: GraphEmulator;
export let graphUrl: string;
export let database: TestDatabase;
export let tenant: TenantProcess;
const processes = new ProductProcesses();
export let dir: string;
export let product: { url: string };
/** The product's environment: the CLI's (doctor, sync) is the same, as on a deployment. */
export let productEnv: NodeJS.ProcessEnv;
export let ownCompany: string;

const v2Issuer = (t: string) => `${entra.authority}/${t}/v2.0`;
export const tenantApi = () =>
  `${tenant.origin}/v2.0/${TENANT}/${ENVIRONMENT}/api/v2.0/companies(${ownCompany})`;

/** Ann's token for the facade API (the pane's sign-in) and for Graph (the pane's delegated access). */
export const facadeToken = (oid = OID) =>
  entra.userToken({
    tenant: TENANT,
    oid,
    upn: oid === OID ? 'ann@contoso.com' : `${oid}@contoso.com`,
    audience: STANDIN_FACADE_APP.apiAudiences[1]!,
    scp: 'Sync.ReadWrite BC.ReadWrite',
  });
export const graphToken = () =>
  entra.userToken({
    tenant: TENANT,
    oid: OID,
    upn: 'ann@contoso.com',
    audience: GRAPH_RESOURCE,
    scp: 'Contacts.ReadWrite',
  });
/**
 * An app-only BC token as any client of the tenant gets one (the test's own reads and edits in BC),
 * over TLS trusting the test's certificate.
 */
export const bcAppToken = () =>
  new Promise<string>((resolve, reject) => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: STANDIN_SYNC_APP.clientId,
      client_secret: STANDIN_SYNC_APP.secret,
      scope: `${BC_RESOURCE}/.default`,
    }).toString();
    const req = https.request(
      `${entra.authority}/${TENANT}/oauth2/v2.0/token`,
      { method: 'POST', ca: cert.cert, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve((JSON.parse(text) as { access_token: string }).access_token));
      },
    );
    req.on('error', reject);
    req.end(form);
  });

export async function productFetch(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  return fetch(`${product.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token ?? (await facadeToken())}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.headers ?? {}),
    },
  });
}

/**
 * Starts the world before the file's tests (certificate, Entra stand-in, Graph emulator, database,
 * the tenant and the product as processes, Ann's and Cy's memberships) and ends it after them.
 */
export function useTenantWorld(): void {
  beforeAll(async () => {
    cert = await makeTestCertificate();
    entra = await startEntraStandin({
      tenants: [TENANT],
      apps: [STANDIN_SYNC_APP, STANDIN_FACADE_APP],
      resources: {
        [GRAPH_RESOURCE]: { audience: GRAPH_RESOURCE, issuer: (t) => v2Issuer(t) },
        [BC_RESOURCE]: { audience: BC_RESOURCE, issuer: bcIssuer },
      },
      tls: { key: cert.key, cert: cert.cert },
      authority: (port) => `https://localhost:${port}`,
    });
    const emulator = await startableGraphEmulator({
      auth: { issuer: v2Issuer(TENANT), audience: GRAPH_RESOURCE, jwks: createLocalJWKSet(entra.publicJwks) },
      seed: { mailboxes: [{ id: OID, upn: 'ann@contoso.com' }] },
      logger: false,
    });
    graphApp = emulator.app;
    graph = emulator.emulator;
    graphUrl = await graphApp.listen({ port: 0, host: '127.0.0.1' });
    database = await createTestDatabase('tenant_processes');
    dir = mkdtempSync(join(tmpdir(), 'bcsync-tenant-'));
    // The tenant first: the product's BC_BASE_URL names where it listens.
    tenant = await startTenantProcess({
      tenantId: TENANT,
      authority: entra.authority,
      caPath: cert.certPath,
      bcIssuer: bcIssuer(TENANT),
      environment: ENVIRONMENT,
      seed: {
        companies: [
          {
            name: 'CRONUS Own',
            members: [USER_KEY],
            contacts: [
              { displayName: 'Ann Own', email: 'ann.own@example.com' },
              { displayName: 'Bo Own', email: 'bo.own@example.com' },
            ],
          },
          {
            name: 'CRONUS Other',
            members: [],
            contacts: [{ displayName: 'Cy Other', email: 'cy@example.com' }],
          },
        ],
      },
    });
    ownCompany = tenant.companies['CRONUS Own']!;
    productEnv = {
      ...standinTenantEnv(TENANT, entra.authority),
      NODE_EXTRA_CA_CERTS: cert.certPath,
      GRAPH_BASE_URL: `${graphUrl}/v1.0`,
      BC_BASE_URL: `${tenant.origin}/v2.0`,
      DATABASE_URL: database.url,
      SEED_DEMO: '0',
      SCHEDULER: '1',
      SCHEDULER_TICK_SECONDS: '1',
    };
    product = await processes.start(dir, productEnv);
    // An administrator lets Ann use her company (a daemon with the admin API's app role).
    const admin = await entra.appToken({
      tenant: TENANT,
      clientId: 'admin-tool',
      audience: STANDIN_FACADE_APP.clientId,
      roles: ['Memberships.ReadWrite.All'],
    });
    const granted = await productFetch(
      `/admin/v1/companies/${ownCompany}/members/${USER_KEY}`,
      { method: 'PUT' },
      admin,
    );
    expect(granted.status).toBe(201);
    const cyGranted = await productFetch(
      `/admin/v1/companies/${tenant.companies['CRONUS Other']}/members/${CY_KEY}`,
      { method: 'PUT' },
      admin,
    );
    expect(cyGranted.status).toBe(201);
  });

  afterAll(async () => {
    processes.killAll();
    await tenant?.stop();
    await graphApp?.close();
    await entra?.close();
    await database?.drop();
    cert?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}
