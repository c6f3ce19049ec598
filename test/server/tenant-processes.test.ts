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
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import {
  BC_RESOURCE,
  GRAPH_RESOURCE,
  STANDIN_FACADE_APP,
  STANDIN_SYNC_APP,
} from '../support/entra-standin.js';
import { doctorMarks, runCli } from '../support/in-process-product.js';
import {
  CY,
  ENVIRONMENT,
  OID,
  TENANT,
  USER_KEY,
  bcAppToken,
  dir,
  entra,
  facadeToken,
  ownCompany,
  productEnv,
  productFetch,
  tenant,
  useTenantWorld,
} from '../support/tenant-world.js';
import {
  outlook,
  bc,
  editBc,
  editOutlook,
  paneRun,
  cliRun,
  scheduledRun,
  runEnded,
} from '../support/tenant-turns.js';

useTenantWorld();

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
  test('every check runs and passes for Ann: Entra, BC, Graph, her membership, mailbox and sync folder', async () => {
    const r = await runCli(['doctor', '--user', USER_KEY], { ...productEnv, DATA_DIR: dir });
    expect({ code: r.code, marks: doctorMarks(r.stdout) }).toEqual({
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

  test('docs/deploy.md step 9, its command line as written (an env file, the bin script, --user by UPN): all pass', async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/deploy.md'), 'utf8');
    const step9 = doc.slice(doc.indexOf('## 9.'));
    const line = /```sh\n(.*bc-contact-sync\.js doctor.*)\n```/.exec(step9)?.[1] ?? '';
    expect(line).toMatch(
      /^env \$\(cat \/etc\/contactsync\.env \| xargs\) \.\/bin\/bc-contact-sync\.js doctor --user /,
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
    expect({ code: r.code, marks: doctorMarks(r.stdout) }).toEqual({
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
    expect(doctorMarks(r.stdout)).toMatchObject({ user: 'ok', 'company membership': 'FAIL' });
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
