/**
 * Review RV7 (trust brief item 1): a legacy state (its run records name no company) belonged to
 * the company its cursor's BC delta link tracked. `PUT /sync/v1/state/cursor` with `bcDeltaLink:
 * null` left it naming none, so Ann, removed from C1, read C1's stored contacts again; a cursor
 * tracking C2 was then accepted and gave her state to C2. The state's company now has its own row
 * (migration 020), claimed by the first record naming a company and never moved by a write.
 *
 * The table: every route that takes or reads a company for a state (the cursor's delta link, a
 * run record's companyId; the reads: /me, /links, /state/links) × {the state's company, another
 * company of the user's, none}. After each write the state still belongs to C1, and Ann (C2 only)
 * still may not read it.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { SyncCursor } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import { productHosts } from '../support/product-hosts.js';
import { STATE_DENIED, stateReads } from '../support/state-reads.js';

const USER = 'ann@contoso.com';
const USER_KEY = devUserKey(USER);

const product = openedForTests(() =>
  startInProcessProduct('bcsync-state-company-column-', USER, { SEED_DEMO: '1', SCHEDULER: '0' }),
);

let c1 = '';
let c2 = '';
let scope = '';
let real: SyncCursor;
let legacy: RunRecord;

const store = () => product.server.ctx.stateStore;
const retarget = (link: string, to: string) => link.replace(new RegExp(c1, 'i'), to);
const putCursor = (cursor: SyncCursor) =>
  product.request(`/sync/v1/state/cursor?${scope}`, { method: 'PUT', body: JSON.stringify(cursor) });
const putRun = (record: RunRecord) =>
  product.request(`/sync/v1/state/runs/${record.id}`, { method: 'PUT', body: JSON.stringify(record) });

beforeAll(async () => {
  c1 = product.companyId;
  const synced = await productHosts(product, USER, async () => ({ id: c1 }))[0]!.run('full');
  expect(synced).toMatchObject({ status: 'succeeded', companyId: c1 });
  const folderId = synced.folderId!;
  scope = `userId=${encodeURIComponent(USER_KEY)}&folderId=${encodeURIComponent(folderId)}`;
  // A legacy state: its one record names no company; its row (claimed by the run) says C1.
  const { companyId: _id, companyName: _name, ...bare } = synced;
  legacy = bare;
  await store().saveRun(legacy);
  real = (await store().getCursor({ userId: USER_KEY, folderId }))!;
  c2 = (await insertCompany(product.server.ctx.db, product.server.ctx.clock, { name: 'Adatum C2' })).id;
  expect(await grantMembership(product.server.ctx.db, USER_KEY, c2, 'admin@contoso.com')).toBe(true);
  expect(await revokeMembership(product.server.ctx.db, USER_KEY, c1)).toBe(true);
  expect(await stateReads(product, scope)).toEqual(STATE_DENIED);
}, 600_000);

/** The state's company as every reader has it: the store's row, /me, and whether Ann may read it. */
async function stateCompanyNow() {
  const me = await product.request('/sync/v1/me');
  return {
    row: await store().getStateCompany!(USER_KEY),
    me: (me.body?.companyId as string | null)?.toLowerCase() ?? null,
    reads: await stateReads(product, scope),
  };
}
const OF_C1 = () => ({ row: c1.toLowerCase(), me: c1.toLowerCase(), reads: STATE_DENIED });

describe("no state write moves the state's company or empties it", () => {
  test('the named example (RV7): a cursor with no BC delta link, then one tracking C2', async () => {
    // Before: 204, and both reads answered 200 with C1's stored bases.
    expect((await putCursor({ ...real, bcDeltaLink: null })).status).toBe(204);
    expect(await stateCompanyNow()).toEqual(OF_C1());
    // Before: 204, and the state was C2's.
    expect((await putCursor({ ...real, bcDeltaLink: retarget(real.bcDeltaLink!, c2) })).status).toBe(400);
    expect(await stateCompanyNow()).toEqual(OF_C1());
    expect((await putCursor(real)).status).toBe(204);
  });

  const ROWS: [route: string, company: string, status: number, write: () => Promise<{ status: number }>][] = [
    ['PUT /state/cursor', "the state's (C1)", 204, () => putCursor(real)],
    [
      'PUT /state/cursor',
      'other',
      400,
      () => putCursor({ ...real, bcDeltaLink: retarget(real.bcDeltaLink!, c2) }),
    ],
    ['PUT /state/cursor', 'none', 204, () => putCursor({ ...real, bcDeltaLink: null })],
    ['PUT /state/runs/:id', "the state's (C1)", 204, () => putRun({ ...legacy, companyId: c1 })],
    ['PUT /state/runs/:id', "another of the user's (C2)", 400, () => putRun({ ...legacy, companyId: c2 })],
    ['PUT /state/runs/:id', 'none', 204, () => putRun(legacy)],
  ];
  test.each(ROWS)(
    "%s naming %s company: %i, the state stays C1's",
    async (_route, _company, status, write) => {
      expect((await write()).status).toBe(status);
      expect(await stateCompanyNow()).toEqual(OF_C1());
      // Every row starts from the real cursor.
      expect((await putCursor(real)).status).toBe(204);
    },
  );
});
