/**
 * Issue 11 §1 with separate OS processes: the product (`bc-contact-sync start`, AUTH_MODE=entra, on
 * PostgreSQL, scheduler on) and a stand-in Business Central tenant (tenant-main.ts) each run as a
 * process of their own; Entra is played by an HTTPS stand-in whose certificate this test makes and
 * which both processes trust only through NODE_EXTRA_CA_CERTS; the Graph emulator plays Microsoft
 * Graph. Nothing is wired in: the product reads its environment as a deployment's, asks the
 * stand-in for tokens over TLS (client credentials and on-behalf-of), and calls the tenant's API
 * v2.0 and Graph over loopback HTTP. The pane (its engine, as the browser runs it), the CLI (its
 * own process, through the running server) and the scheduler (in the product) take turns on one
 * user, with edits on both sides in between; each turn must carry exactly its edits.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet } from 'jose';
import pg from 'pg';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import {
  BC_RESOURCE,
  GRAPH_RESOURCE,
  STANDIN_FACADE_APP,
  STANDIN_SYNC_APP,
  standinTenantEnv,
  startEntraStandin,
} from '../support/entra-standin.js';
import type { EntraStandin } from '../support/entra-standin.js';
import { runCli } from '../support/in-process-product.js';
import { pollUntil } from '../support/poll.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { ProductProcesses } from '../support/product-process.js';
import { startTenantProcess } from '../support/tenant-process.js';
import type { TenantProcess } from '../support/tenant-process.js';
import { makeTestCertificate } from '../support/test-certificate.js';
import type { TestCertificate } from '../support/test-certificate.js';

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const OID = '0a0b0c0d-1111-4222-8333-444455556666';
const USER_KEY = `${TENANT}:${OID}`;
/** Cy: the facade lets her use the other company; BC's permission sets give her nothing there. */
const CY = '0a0b0c0d-1111-4222-8333-cccccccccccc';
const CY_KEY = `${TENANT}:${CY}`;
const ENVIRONMENT = 'production';
const FOLDER = 'Business Central';
/** Entra's BC tokens are v1.0 (sts.windows.net); its Graph and facade tokens v2.0 (the authority's). */
const bcIssuer = (t: string) => `https://sts.windows.net/${t}/`;

let cert: TestCertificate;
let entra: EntraStandin;
let graphApp: FastifyInstance;
let graph: GraphEmulator;
let graphUrl: string;
let database: TestDatabase;
let tenant: TenantProcess;
const processes = new ProductProcesses();
let dir: string;
let product: { url: string };
/** The product's environment: the CLI's (doctor, sync) is the same, as on a deployment. */
let productEnv: NodeJS.ProcessEnv;
let ownCompany: string;

const v2Issuer = (t: string) => `${entra.authority}/${t}/v2.0`;
const tenantApi = () => `${tenant.origin}/v2.0/${TENANT}/${ENVIRONMENT}/api/v2.0/companies(${ownCompany})`;

/** Ann's token for the facade API (the pane's sign-in) and for Graph (the pane's delegated access). */
const facadeToken = (oid = OID) =>
  entra.userToken({
    tenant: TENANT,
    oid,
    upn: oid === OID ? 'ann@contoso.com' : `${oid}@contoso.com`,
    audience: STANDIN_FACADE_APP.apiAudiences[1]!,
    scp: 'Sync.ReadWrite BC.ReadWrite',
  });
const graphToken = () =>
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
const bcAppToken = () =>
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

async function productFetch(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  return fetch(`${product.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token ?? (await facadeToken())}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.headers ?? {}),
    },
  });
}

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

/** Display name → job title of the contacts in Ann's "Business Central" folder. */
function outlook(): Record<string, string> {
  const mailbox = graph.store.findMailbox(OID);
  const folder = [...(mailbox?.folders.values() ?? [])].find((f) => f.displayName === FOLDER);
  return Object.fromEntries(
    [...(folder?.contacts.values() ?? [])].map((c) => [
      String(c.props.displayName),
      String(c.props.jobTitle ?? ''),
    ]),
  );
}

/** Display name → job title in the tenant's company, read through its API as any client would. */
async function bc(): Promise<Record<string, string>> {
  const res = await fetch(`${tenantApi()}/contacts`, {
    headers: { authorization: `Bearer ${await bcAppToken()}` },
  });
  const body = (await res.json()) as { value: { displayName: string; jobTitle?: string }[] };
  return Object.fromEntries(body.value.map((c) => [c.displayName, c.jobTitle ?? '']));
}

async function editBc(name: string, change: Record<string, string>): Promise<void> {
  const token = await bcAppToken();
  const found = await fetch(`${tenantApi()}/contacts?$filter=displayName eq '${name}'`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const c = ((await found.json()) as { value: { id: string; '@odata.etag': string }[] }).value[0]!;
  const res = await fetch(`${tenantApi()}/contacts(${c.id})`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': c['@odata.etag'],
    },
    body: JSON.stringify(change),
  });
  expect(res.status).toBe(200);
}

async function editOutlook(name: string, change: Record<string, string>): Promise<void> {
  const token = await graphToken();
  const folders = await fetch(`${graphUrl}/v1.0/me/contactFolders?$filter=displayName eq '${FOLDER}'`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const folderId = ((await folders.json()) as { value: { id: string }[] }).value[0]!.id;
  const list = await fetch(`${graphUrl}/v1.0/me/contactFolders/${folderId}/contacts?$top=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const c = ((await list.json()) as { value: { id: string; displayName: string }[] }).value.find(
    (x) => x.displayName === name,
  )!;
  const res = await fetch(`${graphUrl}/v1.0/me/contactFolders/${folderId}/contacts/${c.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  expect(res.status).toBe(200);
}

const paneRun = async (mode: SyncMode): Promise<RunRecord> =>
  (
    await runInPane(
      {
        origin: product.url,
        graphBaseUrl: `${graphUrl}/v1.0`,
        tokens: {
          user: 'ann@contoso.com',
          facade: facadeToken,
          graph: graphToken,
          renew: async (a) => (a === 'facade' ? facadeToken() : graphToken()),
        },
        userId: async () => USER_KEY,
        company: async () => ({ id: ownCompany }),
      },
      { mode, dryRun: false },
      () => undefined,
      () => false,
    )
  ).record;

const cliRun = async (mode: SyncMode): Promise<RunRecord> => {
  const r = await runCli(['sync', '--user', USER_KEY, '--mode', mode], { DATA_DIR: dir });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return (JSON.parse(r.stdout) as { record: RunRecord }).record;
};

/** Makes Ann's scheduled run due (her interval passed) and waits for the product's scheduler to run it. */
const scheduledRun = async (): Promise<RunRecord> => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      `UPDATE sync_settings SET updated_at = updated_at - interval '2 days' WHERE user_id = $1`,
      [USER_KEY],
    );
  } finally {
    await client.end();
  }
  return pollUntil('scheduled run ended', async () => {
    const { runs } = (await (await productFetch('/sync/v1/runs?limit=5')).json()) as { runs: RunRecord[] };
    return runs.find((r) => r.trigger === 'schedule' && r.status !== 'running');
  });
};

/** The run's record once it ended, from the product's run history (bounded polls). */
const runEnded = async (id: string): Promise<RunRecord> => {
  return pollUntil(`end of run ${id}`, async () => {
    const run = (await (await productFetch(`/sync/v1/runs/${id}`)).json()) as RunRecord & { active: boolean };
    return run.active ? undefined : run;
  });
};

describe('one user: pane, CLI and schedule against a tenant process, Entra over TLS, PostgreSQL', () => {
  test('each host carries exactly the edits made before its turn', async () => {
    // The pane's first save and sync: delegated BC (on behalf of Ann), delegated Graph (/me).
    const saved = await productFetch('/sync/v1/settings', {
      method: 'PUT',
      body: JSON.stringify(DEFAULT_SETTINGS),
    });
    expect(saved.status).toBe(200);
    const first = await paneRun('full');
    expect({ status: first.status, errors: first.errors }).toEqual({ status: 'succeeded', errors: [] });
    expect(first.counts.outlook.created).toBe(2);
    expect(outlook()).toEqual({ 'Ann Own': '', 'Bo Own': '' });

    // A BC edit, then the CLI's delta run (its own process, through the running server): app-only.
    await editBc('Bo Own', { jobTitle: 'Buyer' });
    const cliSeenFrom = tenant.seen.length;
    const cli = await cliRun('delta');
    // Every BC call of the CLI's run was app-only (the test's own bcAppToken reads come after).
    expect(new Set(tenant.seen.slice(cliSeenFrom).map((t) => `${t.kind} ${t.who}`))).toEqual(
      new Set([`app ${STANDIN_SYNC_APP.clientId}`]),
    );
    expect({ status: cli.status, errors: cli.errors, access: cli.access, trigger: cli.trigger }).toEqual({
      status: 'succeeded',
      errors: [],
      access: { bc: 'appOnly', graph: 'appOnly' },
      trigger: 'cli',
    });
    expect(cli.counts.outlook).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(outlook()).toEqual({ 'Ann Own': '', 'Bo Own': 'Buyer' });

    // An Outlook edit, then the scheduled run the product starts itself: app-only.
    await editOutlook('Ann Own', { jobTitle: 'Owner' });
    const scheduledSeenFrom = tenant.seen.length;
    const scheduled = await scheduledRun();
    expect(new Set(tenant.seen.slice(scheduledSeenFrom).map((t) => `${t.kind} ${t.who}`))).toEqual(
      new Set([`app ${STANDIN_SYNC_APP.clientId}`]),
    );
    expect({ status: scheduled.status, errors: scheduled.errors, access: scheduled.access }).toEqual({
      status: 'succeeded',
      errors: [],
      access: { bc: 'appOnly', graph: 'appOnly' },
    });
    expect(scheduled.counts.bc).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(await bc()).toEqual({ 'Ann Own': 'Owner', 'Bo Own': 'Buyer' });

    // Edits on both sides, then the pane's delta: it continues from what the schedule left.
    await editBc('Ann Own', { jobTitle: 'CEO' });
    await editOutlook('Bo Own', { jobTitle: 'Chief Buyer' });
    const last = await paneRun('delta');
    expect({
      status: last.status,
      errors: last.errors,
      bc: last.counts.bc,
      outlook: last.counts.outlook,
    }).toEqual({
      status: 'succeeded',
      errors: [],
      bc: { created: 0, updated: 1, deleted: 0 },
      outlook: { created: 0, updated: 1, deleted: 0 },
    });
    expect(outlook()).toEqual({ 'Ann Own': 'CEO', 'Bo Own': 'Chief Buyer' });
    expect(await bc()).toEqual({ 'Ann Own': 'CEO', 'Bo Own': 'Chief Buyer' });

    // A run the pane asks the facade to do (server-side, on behalf of Ann): delegated BC access.
    await editBc('Bo Own', { jobTitle: 'Head Buyer' });
    const started = await productFetch('/sync/v1/runs', {
      method: 'POST',
      body: JSON.stringify({ mode: 'delta', trigger: 'pane' }),
    });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as { run: { id: string } }).run.id;
    const paneSeenFrom = tenant.seen.length;
    const onBehalf = await runEnded(runId);
    // Every BC call of the run Ann asked for carried her own token (on-behalf-of), none the app's.
    expect(tenant.seen.slice(paneSeenFrom).length).toBeGreaterThan(0);
    expect(tenant.seen.slice(paneSeenFrom).every((t) => t.kind === 'user' && t.who === OID)).toBe(true);
    expect({ status: onBehalf.status, errors: onBehalf.errors, access: onBehalf.access }).toEqual({
      status: 'succeeded',
      errors: [],
      access: { bc: 'delegated', graph: 'appOnly' },
    });
    expect(outlook()).toEqual({ 'Ann Own': 'CEO', 'Bo Own': 'Head Buyer' });

    // What Entra was asked, over TLS: client credentials per resource for the CLI's and the
    // schedule's runs, on-behalf-of exchanges (the facade's own client) for the pane's BC calls.
    const asked = new Set(
      entra.requests
        .filter((r) => r.clientId !== STANDIN_FACADE_APP.clientId)
        .map((r) => `${r.clientId} ${r.scope}`),
    );
    expect(asked).toEqual(
      new Set([`sync-app ${BC_RESOURCE}/.default`, `sync-app ${GRAPH_RESOURCE}/.default`]),
    );
    expect(entra.oboRequests.length).toBeGreaterThan(0);
    expect(new Set(entra.oboRequests.map((f) => f.get('client_id')))).toEqual(
      new Set([STANDIN_FACADE_APP.clientId]),
    );
  });
});

describe('doctor --user against the running product (F65)', () => {
  /** `doctor`'s lines as check title → mark ("ok", "FAIL", "skip"). */
  const marks = (stdout: string) =>
    Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => /^(ok|FAIL|skip) +([^:]+):/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[2], m[1]]),
    );

  test('every check runs and passes for Ann: Entra, BC, Graph, her membership, mailbox and sync folder', async () => {
    const r = await runCli(['doctor', '--user', USER_KEY], { ...productEnv, DATA_DIR: dir });
    expect({ code: r.code, marks: marks(r.stdout) }).toEqual({
      code: 0,
      marks: {
        configuration: 'ok',
        'Entra issuer metadata': 'ok',
        'Business Central token (client credentials)': 'ok',
        'Business Central companies': 'ok',
        'Graph token (client credentials)': 'ok',
        'Graph mailbox access': 'ok',
        user: 'ok',
        'company membership': 'ok',
        mailbox: 'ok',
        'sync folder': 'ok',
      },
    });
    expect(r.stdout).toMatch(/sync folder: "Business Central" found \(\S+\), the one the last run used/);
    expect(r.stdout).toMatch(/All checks passed.\n$/);
  });

  test('docs/deploy.md step 9, its command line as written (an env file, npx, --user by UPN): all pass', async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/deploy.md'), 'utf8');
    const step9 = doc.slice(doc.indexOf('## 9.'));
    const line = /```sh\n(.*bc-contact-sync doctor.*)\n```/.exec(step9)?.[1] ?? '';
    expect(line).toMatch(
      /^env \$\(cat \/etc\/contactsync\.env \| xargs\) npx bc-contact-sync doctor --user /,
    );
    // The service's environment, as the file step 5 writes (one NAME=value a line).
    const envFile = join(dir, 'contactsync.env');
    const deployed = { ...productEnv, DATA_DIR: dir } as Record<string, string>;
    writeFileSync(
      envFile,
      Object.entries(deployed)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        'bash',
        ['-c', line.replace('/etc/contactsync.env', envFile)],
        { cwd: join(import.meta.dirname, '../..'), timeout: 600_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      ),
    );
    expect({ code: r.code, marks: marks(r.stdout) }).toEqual({
      code: 0,
      marks: expect.objectContaining({
        user: 'ok',
        'company membership': 'ok',
        'Graph mailbox access': 'ok',
      }),
    });
    expect(r.stdout).toMatch(/All checks passed.\n$/);
  });

  test('a user who is a member of no company fails the membership check with its fix, exit 1', async () => {
    const stranger = `${TENANT}:99999999-1111-4222-8333-444455556666`;
    const r = await runCli(['doctor', '--user', stranger], { ...productEnv, DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(marks(r.stdout)).toMatchObject({ user: 'ok', 'company membership': 'FAIL' });
    expect(r.stdout).toContain(
      `fix: an administrator grants ${stranger} a company: PUT /admin/v1/companies/`,
    );
    expect(r.stdout).toMatch(/1 check failed.\n$/);
  });
});

/**
 * Moved from upstream-entra-runs (its own in-process wiring took 72 s, mostly waiting): the checks
 * only it made, here against the product and tenant processes.
 */
describe('membership and the pane’s calls on behalf of the user (issue 10 §2)', () => {
  test('a user who is a member of no company is refused before the run, with the reason as data', async () => {
    const strangerOid = '99999999-1111-4222-8333-444455556666';
    const stranger = `${TENANT}:${strangerOid}`;
    const r = await runCli(['sync', '--user', stranger, '--mode', 'full'], { DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^bc-contact-sync: sync: .*member/)]);
    // The refused run leaves a failed record saying why (issue 10 §2), as the user's history shows it.
    const runs = await productFetch('/sync/v1/runs?limit=1', {}, await facadeToken(strangerOid));
    const [record] = ((await runs.json()) as { runs: RunRecord[] }).runs;
    expect(record?.errors.map((e) => e.code)).toEqual(['noCompanyMembership']);
  });

  test('a BC API read reaches the tenant with the user’s own token (OBO), not the app’s', async () => {
    const before = { obo: entra.oboRequests.length, seen: tenant.seen.length };
    const res = await productFetch(`/api/v2.0/companies(${ownCompany})/contacts?$select=displayName`);
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { value: { displayName: string }[] }).value.map((c) => c.displayName),
    ).toEqual(expect.arrayContaining(['Ann Own']));
    expect(entra.oboRequests.length - before.obo).toBe(1);
    expect(entra.oboRequests.at(-1)?.get('client_id')).toBe(STANDIN_FACADE_APP.clientId);
    const seen = tenant.seen.slice(before.seen);
    expect(seen).toEqual(expect.arrayContaining([{ kind: 'user', who: OID }]));
    expect(seen.filter((t) => t.kind === 'app')).toEqual([]);
  });

  test('BC’s permissions apply: a company the facade lets Cy use but BC does not answers 404, no data', async () => {
    const other = tenant.companies['CRONUS Other']!;
    const res = await productFetch(`/api/v2.0/companies(${other})/contacts`, {}, await facadeToken(CY));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Cy Other');
    // With the app's access the same company has data: the refusal is BC's, for Cy.
    const asApp = await fetch(
      `${tenant.origin}/v2.0/${TENANT}/${ENVIRONMENT}/api/v2.0/companies(${other})/contacts`,
      { headers: { authorization: `Bearer ${await bcAppToken()}` } },
    );
    expect(await asApp.text()).toContain('Cy Other');
  });
});
