/**
 * F65: `doctor --user` checks where the user's server-side runs would sync in every mode — the user,
 * their company membership (issue 10 §2), their mailbox and the sync folder — each with its fix.
 * Dev mode here (embedded store and Graph emulator, through the running server and through a server
 * the CLI starts itself); entra mode against the stand-in processes in
 * test/server/tenant-processes.test.ts. The failure table covers every way each check fails.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import type { Mailbox } from '../../src/core/ports.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { loadConfig } from '../../src/server/config.js';
import type { SyncEnvironment } from '../../src/server/sync/run-manager.js';
import { RunEnvironmentError } from '../../src/server/sync/run-refusals.js';
import { checkUserPlace } from '../../src/server/user-place.js';
import type { PlaceCheck, PlaceDeps } from '../../src/server/user-place.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { recordUser } from '../../src/store/users.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { doctorMarks, runCli, startInProcessProduct } from '../support/in-process-product.js';
import type { InProcessProduct } from '../support/in-process-product.js';
import { freshDataDir } from '../support/quiet-server.js';

const ANN = 'ann@contoso.com';
const USER_KEY = '6f1c2a3b-0000-4000-8000-00000000c0de:0a0b0c0d-1111-4222-8333-444455556666';
const HAL_KEY = '6f1c2a3b-0000-4000-8000-00000000c0de:0a0b0c0e-1111-4222-8333-444455556666';

const byId = (checks: readonly PlaceCheck[]) =>
  Object.fromEntries(checks.map((c) => [c.id, c.fix?.code ?? c.status]));

describe('doctor --user in dev mode (embedded store and emulator)', () => {
  let product: InProcessProduct;
  beforeAll(async () => {
    product = await startInProcessProduct('doctor-place', ANN, { SEED_DEMO: '1' });
  });
  afterAll(async () => product?.close());

  test('through the running server: the demo user passes membership, mailbox and sync folder (exit 0)', async () => {
    const r = await runCli(['doctor', '--user', ANN], { DATA_DIR: product.dir });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(doctorMarks(r.stdout)).toMatchObject({
      configuration: 'ok',
      user: 'ok',
      'company membership': 'ok',
      mailbox: 'ok',
      'sync folder': 'ok',
    });
    expect(r.stdout).toContain('company membership: member of 1 company (CRONUS International Ltd.)');
    // Only the checks this mode cannot make are skipped, and the last line says so.
    expect(r.stdout).toMatch(/5 checks passed; 5 checks skipped, not tried/);
  });

  test('a user with no company: membership fails with the grant to make; the mailbox still answers', async () => {
    expect(byId(await product.server.checkUserPlace('bob@contoso.com'))).toEqual({
      user: 'passed',
      membership: 'no-membership',
      mailbox: 'passed',
      'sync-folder': 'passed',
    });
  });

  test('the sync folder is the one the last run used; once deleted in Outlook, doctor says the next run makes one', async () => {
    const key = devUserKey(ANN);
    const { record } = await product.server.manager.runNow(key, { mode: 'full', trigger: 'cli' });
    expect(record.status).toBe('succeeded');
    const folder = (await product.server.checkUserPlace(ANN)).find((c) => c.id === 'sync-folder');
    expect(folder?.detail).toBe(`"Business Central" found (${record.folderId}), the one the last run used`);
    const deleted = await product.request(
      `/graph/v1.0/me/contactFolders/${encodeURIComponent(record.folderId!)}`,
      { method: 'DELETE' },
      product.graphToken,
    );
    expect(deleted.status).toBe(204);
    const after = (await product.server.checkUserPlace(ANN)).find((c) => c.id === 'sync-folder');
    expect(after).toEqual({
      id: 'sync-folder',
      status: 'passed',
      detail: `the folder the last run used (${record.folderId}) is gone and none is named "Business Central": the next run creates it`,
    });
  });
});

test('with no server running, the CLI starts one for the checks: a non-member fails, exit 1', async () => {
  const dir = await freshDataDir('bcsync-doctor-');
  try {
    const r = await runCli(['doctor', '--user', 'bob@contoso.com'], { DATA_DIR: dir, SEED_DEMO: '1' });
    expect(r.code).toBe(1);
    expect(doctorMarks(r.stdout)).toMatchObject({ user: 'ok', 'company membership': 'FAIL', mailbox: 'ok' });
    // Bob never signed in here, so the grant names his user key: the admin API answers 404 to his UPN
    // until he signs in (README "Company access").
    expect(r.stdout).toContain(
      `fix: an administrator grants bob@contoso.com a company: PUT /admin/v1/companies/{company id}/members/${devUserKey('bob@contoso.com')} (README "Company access"; by UPN only once bob@contoso.com has signed in).`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('every way a place check fails, with its fix', () => {
  let db: Db;
  let deps: (env: Partial<SyncEnvironment>, devMode?: boolean) => PlaceDeps;
  beforeAll(async () => {
    db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
    const loaded = loadConfig({ GRAPH_BASE_URL: 'https://graph.test/v1.0' });
    if (!loaded.ok) throw new Error(loaded.errors.join(' '));
    const stateStore = new SqlSyncStateStore(db);
    const base: SyncEnvironment = {
      bcContacts: () => {
        throw new Error('not used');
      },
      mailboxFor: () => {
        throw new Error('not used');
      },
    };
    deps = (env, devMode = false) => ({
      ctx: {
        config: loaded.config,
        db,
        stateStore,
        // Only whether there is one matters: a dev user is known before signing in.
        devIssuer: devMode ? ({} as PlaceDeps['ctx']['devIssuer']) : null,
      },
      env: { ...base, ...env },
    });
  });
  afterAll(async () => db?.close());

  const member = { bcContacts: async () => ({}) as never };
  /** A mailbox whose folder look-up fails with `e`. */
  const mailboxFailing = (e: Error) => ({
    mailboxFor: () => ({ findFolder: () => Promise.reject(e) }) as unknown as Mailbox,
  });

  test.each<[string, Partial<SyncEnvironment>, Record<string, string>]>([
    [
      'no membership',
      { bcContacts: () => Promise.reject(new RunEnvironmentError('noCompanyMembership', 'm')) },
      { membership: 'no-membership' },
    ],
    [
      'no company',
      { bcContacts: () => Promise.reject(new RunEnvironmentError('noCompany', 'm')) },
      { membership: 'no-company' },
    ],
    [
      'BC did not list the companies',
      { bcContacts: () => Promise.reject(new Error('Business Central did not list the companies (503)')) },
      { membership: 'unexpected-answer' },
    ],
    [
      'no app-only Graph access',
      {
        ...member,
        mailboxFor: () => {
          throw new RunEnvironmentError('graphAppMissing', 'm');
        },
      },
      { mailbox: 'graph-app-missing', 'sync-folder': 'skipped' },
    ],
    [
      'Graph knows no such mailbox (404)',
      { ...member, ...mailboxFailing(new PortFailure('notFound', 'm', { status: 404 })) },
      { mailbox: 'mailbox-unknown', 'sync-folder': 'skipped' },
    ],
    [
      'Graph refuses the app token (401)',
      { ...member, ...mailboxFailing(new PortFailure('invalid', 'm', { status: 401 })) },
      { mailbox: 'graph-token-refused', 'sync-folder': 'skipped' },
    ],
    [
      'outside the RBAC scope (403)',
      {
        ...member,
        ...mailboxFailing(new PortFailure('invalid', 'm', { status: 403, serviceCode: 'ErrorAccessDenied' })),
      },
      { mailbox: 'graph-access-denied', 'sync-folder': 'skipped' },
    ],
    [
      'Graph unreachable',
      { ...member, ...mailboxFailing(new PortFailure('unavailable', 'm', { status: 0 })) },
      { mailbox: 'unreachable', 'sync-folder': 'skipped' },
    ],
  ])('%s', async (_name, env, expected) => {
    const checks = await checkUserPlace(deps(env), USER_KEY);
    expect(byId(checks)).toMatchObject({ user: 'passed', ...expected });
    for (const c of checks) if (c.status === 'failed') expect(c.fix).toBeDefined();
  });

  /**
   * The grant doctor prints is one the admin API accepts: the UPN only once it has signed in, else the
   * user key (tester: `doctor --user bob@nowhere` in dev mode printed PUT …/members/bob@nowhere, which
   * answers 404 "No user with the UPN bob@nowhere has signed in").
   */
  test.each<[string, string, () => Promise<unknown>, string]>([
    ['a user key', USER_KEY, async () => undefined, USER_KEY],
    ['a dev UPN not signed in yet', 'gus@contoso.com', async () => undefined, devUserKey('gus@contoso.com')],
    [
      'a UPN that signed in',
      'hal@contoso.com',
      () =>
        recordUser(
          db,
          {
            userId: HAL_KEY,
            tenantId: HAL_KEY.split(':')[0]!,
            oid: HAL_KEY.split(':')[1]!,
            upn: 'hal@contoso.com',
            displayName: 'Hal',
          },
          '2026-12-04T00:00:00.000Z',
        ),
      'hal@contoso.com',
    ],
  ])(
    'no membership, %s (%s): the grant names the {user} the admin API takes',
    async (_name, user, signIn, member) => {
      await signIn();
      const noMembership = {
        bcContacts: () => Promise.reject(new RunEnvironmentError('noCompanyMembership', 'm')),
      };
      const checks = await checkUserPlace(deps(noMembership, true), user);
      expect(checks.find((c) => c.id === 'membership')?.fix).toEqual({
        code: 'no-membership',
        params: { user, member },
      });
    },
  );

  test('a UPN nobody signed in with (entra mode): the user check fails, the rest are skipped', async () => {
    expect(byId(await checkUserPlace(deps({}), 'nobody@contoso.com'))).toEqual({
      user: 'user-unknown',
      membership: 'skipped',
      mailbox: 'skipped',
      'sync-folder': 'skipped',
    });
  });

  test('the same UPN in dev mode is the dev user it names', async () => {
    const checks = await checkUserPlace(
      deps({ ...member, ...mailboxFailing(new PortFailure('notFound', 'm')) }, true),
      ANN,
    );
    expect(checks[0]).toMatchObject({ id: 'user', status: 'passed' });
    expect(checks[0]!.detail).toContain(devUserKey(ANN));
  });
});
