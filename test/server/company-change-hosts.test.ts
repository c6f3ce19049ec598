/**
 * F86 on every host: an administrator grants a user who syncs company CRONUS a second company
 * that sorts first. Before the fix every host switched to it: the next run planned every synced
 * copy "deleted in Business Central" (held only by the mass-delete guard) and would have mixed the
 * other company's contacts into the folder. Now the server's hosts keep the company the state
 * belongs to, and any run that would sync another company (the pane's engine picks the first it
 * lists; a revoked membership) stops before it reads or writes anything, saying why.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningServer } from '../../src/server/main.js';
import { facadeApi } from '../../src/taskpane/api/facade-api.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { insertCompany, insertContact, listCompanies } from '../../src/store/bc-repository.js';
import { describeRunError } from '../../src/messages/english.js';
import { emptySyncFields } from '../../src/core/model.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import type { Json } from '../support/in-process-product.js';
import { paneEngineHost, paneTokens, productHosts } from '../support/product-hosts.js';
import type { ProductHost } from '../support/product-hosts.js';

const USER = 'ann@contoso.com';
const USER_KEY = devUserKey(USER);

const product = openedForTests(() =>
  startInProcessProduct('bcsync-company-change-', USER, { SEED_DEMO: '1' }),
);
let server: RunningServer;
let cronus: string;
let adatum: string;
beforeAll(async () => {
  server = product.server;
  cronus = product.companyId;
});

const graph = (path: string) => product.api(`/graph/v1.0/me${path}`, {}, product.graphToken);

async function folderCopies(): Promise<Json[]> {
  const found = await graph(`/contactFolders?$filter=displayName eq 'Business Central'`);
  const id = found.value[0].id as string;
  return (await graph(`/contactFolders/${id}/contacts?$top=1000`)).value as Json[];
}

/** The pane's own API client: its `companyId` is what the pane's engine syncs. */
const paneApi = () =>
  facadeApi({
    origin: server.url,
    graphBaseUrl: `${server.url}/graph/v1.0`,
    tokens: paneTokens(product, USER),
  });

/** The first company `GET /api/v2.0/companies` lists to the user (before F86, the pane's pick). */
const paneFirstCompany = async () => (await product.api('/api/v2.0/companies')).value[0].id as string;

const hosts = (): ProductHost[] =>
  productHosts(product, USER, () => paneApi().runCompany(), 'the pane engine (its company from facadeApi)');

const none = { created: 0, updated: 0, deleted: 0 };

describe('a second company granted to a user does not switch their sync (F86)', () => {
  let synced = 0;

  test('first sync names the company the state belongs to', async () => {
    const first = await hosts()[0]!.run('full');
    expect(first).toMatchObject({ status: 'succeeded', companyId: cronus });
    synced = (await folderCopies()).length;
    expect(synced).toBeGreaterThan(10);
    // The administrator's everyday act: another company, sorted before CRONUS, granted to Ann.
    const db = server.ctx.db;
    adatum = (await insertCompany(db, server.ctx.clock, { name: 'Adatum Test' })).id;
    const added = await insertContact(db, server.ctx.clock, adatum, {
      ...emptySyncFields(),
      type: 'Person',
      displayName: 'Adatum Only',
      email: 'only@adatum.example',
    });
    expect(added.ok).toBe(true);
    expect(await grantMembership(db, USER_KEY, adatum, 'admin@contoso.com')).toBe(true);
    expect(await paneFirstCompany()).toBe(adatum);
  });

  test("the named example (F86 leftover): the pane's Validate names the company the sync uses, not the first listed", async () => {
    const shown = await paneApi().company();
    expect(shown.id).toBe(cronus);
    expect(shown.id).not.toBe(await paneFirstCompany());
    // The same company the pane's engine syncs.
    expect((await paneApi().runCompany()).id).toBe(shown.id);
  });

  test.each([0, 1, 2])(
    'host %i (scheduler, CLI, pane engine) keeps syncing the state company: nothing deleted, nothing of the other company copied',
    async (host) => {
      const { run } = hosts()[host]!;
      for (const mode of ['delta', 'full'] as const) {
        const record = await run(mode);
        expect(record).toMatchObject({ status: 'succeeded', companyId: cronus, held: null });
        expect(record.counts).toEqual({ bc: none, outlook: none });
      }
      expect((await folderCopies()).length).toBe(synced);
    },
  );

  test('F95: a state saved before records named its company keeps it (its BC delta link names it)', async () => {
    await server.ctx.db.query(`UPDATE sync_runs SET record = record - 'companyId'`);
    for (const { run } of hosts()) {
      const record = await run('delta');
      expect(record).toMatchObject({ status: 'succeeded', companyId: cronus, held: null });
      expect(record.counts).toEqual({ bc: none, outlook: none });
    }
    expect((await folderCopies()).length).toBe(synced);
  });

  test('a pane engine given the other company stops before reading: companyChanged, nothing written', async () => {
    const record = await paneEngineHost(product, USER, async () => ({ id: await paneFirstCompany() })).run(
      'delta',
    );
    expect(record.status).toBe('failed');
    expect(record.errors.at(-1)).toMatchObject({
      code: 'companyChanged',
      params: { from: cronus, to: adatum },
    });
    // It claims nothing: its record names the state's company, carried over (review R2).
    expect(record.companyId).toBe(cronus);
    expect(record.counts).toEqual({ bc: none, outlook: none });
    expect((await folderCopies()).length).toBe(synced);
    // The stopped run did not make the other company the state's: the next server run is quiet.
    expect(await hosts()[0]!.run('delta')).toMatchObject({ status: 'succeeded', companyId: cronus });
  });

  test('the state company revoked while another is granted: every host stops with companyChanged, no copy removed', async () => {
    expect(await revokeMembership(server.ctx.db, USER_KEY, cronus)).toBe(true);
    // F104: every host names both companies as BC lists them, so the user knows which to ask for.
    const names = new Map((await listCompanies(server.ctx.db)).map((c) => [c.id, c.displayName]));
    expect(names.get(adatum)).toBe('Adatum Test');
    for (const { name, run } of hosts()) {
      const record = await run('full');
      expect(record.status).toBe('failed');
      expect({ name, error: record.errors.at(-1) }).toMatchObject({
        name,
        error: {
          code: 'companyChanged',
          params: { from: cronus, to: adatum, fromName: names.get(cronus), toName: 'Adatum Test' },
        },
      });
      expect(describeRunError(record.errors.at(-1)!)).toContain(
        `access to company ${names.get(cronus)!} again`,
      );
      expect(record.counts).toEqual({ bc: none, outlook: none });
    }
    expect((await folderCopies()).length).toBe(synced);
    // Access back: the sync goes on where it was.
    expect(await grantMembership(server.ctx.db, USER_KEY, cronus, 'admin@contoso.com')).toBe(true);
    expect(await hosts()[0]!.run('delta')).toMatchObject({ status: 'succeeded', companyId: cronus });
  });
});
