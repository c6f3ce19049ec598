import { beforeAll, describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import { grantMembership } from '../../src/store/company-members.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import type { Json } from '../support/in-process-product.js';
import { paneEngineHost } from '../support/product-hosts.js';

// F104 on the pane: a sync state whose records predate RunRecord.companyName was named by its
// GUID in the pane until one run succeeded — the pane's BC adapter had no company list, while the
// server and the CLI name it from theirs (BcContacts.nameOf). The pane's run company now comes
// with the list it was picked from (GET /api/v2.0/companies), and the engine names the state's
// company from it (core companyNameAmong, the server's rule too).

const USER = 'ann@contoso.com';
const USER_KEY = devUserKey(USER);
const product = openedForTests(() => startInProcessProduct('bcsync-f104-pane-', USER, { SEED_DEMO: '1' }));
let listed: { id: string; displayName: string }[];
let cronus: { id: string; displayName: string };
let adatum: { id: string; displayName: string };

beforeAll(async () => {
  const { db, clock } = product.server.ctx;
  const made = await insertCompany(db, clock, { name: 'Adatum Test', displayName: 'Adatum Test' });
  await grantMembership(db, USER_KEY, made.id, 'admin@contoso.com');
  listed = ((await product.api('/api/v2.0/companies')).value as Json[]).map((c) => ({
    id: c.id as string,
    displayName: c.displayName as string,
  }));
  cronus = listed.find((c) => c.id === product.companyId)!;
  adatum = listed.find((c) => c.id === made.id)!;
  // Synced with the demo company; its record saved as a run before F104 saved it: no name.
  const first = await paneEngineHost(product, USER, async () => ({ ...cronus, listed })).run('full');
  expect(first).toMatchObject({ status: 'succeeded', companyId: cronus.id, companyName: cronus.displayName });
  const { companyName: _dropped, ...before } = first;
  await product.server.ctx.stateStore.saveRun(before);
});

describe("the pane names a pre-upgrade state's company by the name BC lists it under (F104)", () => {
  // The control first: a refused run's record carries the state's company over, with the name it
  // knew (review R2), so a run after the named one would find the name in it.
  test.each([
    ['control: a pane run company without the list says the id', false],
    ['with the company list it picked from: the name', true],
  ])('a pane run with another company, %s', async (_name, withList) => {
    const company = async () => (withList ? { ...adatum, listed } : adatum);
    const record = await paneEngineHost(product, USER, company).run('delta');
    expect(record.status).toBe('failed');
    expect(record.errors.at(-1)).toMatchObject({
      code: 'companyChanged',
      params: { from: cronus.id, to: adatum.id, toName: 'Adatum Test' },
    });
    expect(record.errors.at(-1)?.params?.fromName).toBe(withList ? cronus.displayName : undefined);
  });
});
