/**
 * Review RV1 (reviewer, this session): a state whose run records name no company (saved before
 * F95) belongs to the company its cursor's BC delta link tracks (state-company.ts stateCompanyOf).
 * `PUT /sync/v1/state/cursor` stored any delta link, so Ann, removed from C1 and granted C2, moved
 * such a state to C2 with one PUT of her own token and read C1's stored contacts again. The engine
 * never stores a cursor of another company (a run for it stops `companyChanged` first): the route
 * now refuses one (400, as PUT /state/runs refuses a record naming another company, 27dba9b).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { SyncCursor } from '../../src/core/ports.js';
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
  startInProcessProduct('bcsync-state-company-cursor-', USER, { SEED_DEMO: '1', SCHEDULER: '0' }),
);

let c1 = '';
let c2 = '';
let scope = '';
/** The cursor Ann's real run stored: its BC delta link tracks C1. */
let real: SyncCursor;

const putCursor = (cursor: SyncCursor) =>
  product.request(`/sync/v1/state/cursor?${scope}`, { method: 'PUT', body: JSON.stringify(cursor) });

/** `link` tracking `to` in place of C1 (the id as the link spells it, any case). */
const retarget = (link: string, to: string) => link.replace(new RegExp(c1, 'i'), to);

beforeAll(async () => {
  c1 = product.companyId;
  const synced = await productHosts(product, USER, async () => ({ id: c1 }))[0]!.run('full');
  expect(synced).toMatchObject({ status: 'succeeded', companyId: c1 });
  const folderId = synced.folderId!;
  scope = `userId=${encodeURIComponent(USER_KEY)}&folderId=${encodeURIComponent(folderId)}`;
  // A legacy state: its one record names no company, so the cursor's delta link names it (C1).
  const { companyId: _id, companyName: _name, ...legacy } = synced;
  await product.server.ctx.stateStore.saveRun(legacy);
  real = (await product.server.ctx.stateStore.getCursor({ userId: USER_KEY, folderId }))!;
  expect(real.bcDeltaLink?.toLowerCase()).toContain(c1.toLowerCase());
  c2 = (await insertCompany(product.server.ctx.db, product.server.ctx.clock, { name: 'Adatum C2' })).id;
  expect(await grantMembership(product.server.ctx.db, USER_KEY, c2, 'admin@contoso.com')).toBe(true);
  expect(await revokeMembership(product.server.ctx.db, USER_KEY, c1)).toBe(true);
  expect(await stateReads(product, scope)).toEqual(STATE_DENIED);
}, 600_000);

describe("a cursor a client PUTs cannot move a legacy state's company away from C1", () => {
  test('the example: a cursor whose BC delta link tracks C2 is refused; the state stays 403', async () => {
    const r = await putCursor({ ...real, bcDeltaLink: retarget(real.bcDeltaLink!, c2) });
    // Before: 204, then both reads 200 with every synced base of C1.
    expect(await stateReads(product, scope)).toEqual(STATE_DENIED);
    expect({
      status: r.status,
      code: r.body?.error?.code,
      target: r.body?.error?.details?.[0]?.target,
    }).toEqual({
      status: 400,
      code: 'BadRequest_InvalidValue',
      target: 'bcDeltaLink',
    });
  });

  test.each([
    ['naming C2 in upper case', () => retarget(real.bcDeltaLink!, c2.toUpperCase())],
    ['naming C2, quoted', () => retarget(real.bcDeltaLink!, `'${c2}'`)],
  ])('a delta link %s is refused too', async (_name, link) => {
    expect((await putCursor({ ...real, bcDeltaLink: link() })).status).toBe(400);
    expect(await stateReads(product, scope)).toEqual(STATE_DENIED);
  });

  test.each([
    ['its own delta link (C1)', () => real.bcDeltaLink],
    ['C1 in upper case', () => retarget(real.bcDeltaLink!, c1.toUpperCase())],
  ])('the control: a cursor with %s is stored', async (_name, link) => {
    expect((await putCursor({ ...real, bcDeltaLink: link() })).status).toBe(204);
    expect(await stateReads(product, scope)).toEqual(STATE_DENIED);
  });
});
