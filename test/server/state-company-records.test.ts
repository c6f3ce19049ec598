/**
 * Review (reviewer, this session): the company a user's sync state belongs to is read from their
 * newest run records (core/state-origin.ts), and the state routes answer its stored contact values
 * only to a member of it (state-admission.ts, test/server/state-company-access). Those records are
 * the user's own input too: `PUT /sync/v1/state/runs/{id}` stored any `companyId`, or none. So Ann,
 * removed from C1 and granted C2, got C1's stored contacts back with one request of her own token:
 * a record naming C2 (then the state "belonged" to C2), or 20 records naming no company (then the
 * state named none, read by any member). The engine never writes either once the state has a
 * company (run.ts names it from the run's start; a run for another company stops `companyChanged`
 * and carries the state's over): now the route refuses a record naming another company (400) and
 * stores one naming none with the state's company carried over, as the engine's refusals do.
 *
 * Each row forges records as a client can, then reads the state: it must stay 403.
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
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
  startInProcessProduct('bcsync-state-company-records-', USER, { SEED_DEMO: '1', SCHEDULER: '0' }),
);

let c1 = '';
let c2 = '';
let folderId = '';
/** The record of Ann's real run: the shape every forged one starts from. */
let real: RunRecord;

/** A record as a client may PUT it: the real run's, under a new id, started now, with `patch`. */
function forged(patch: (r: RunRecord) => RunRecord): RunRecord {
  const now = new Date().toISOString();
  return patch({ ...real, id: `forged-${randomUUID()}`, startedAt: now, finishedAt: now });
}
const withoutCompany = ({ companyId: _id, companyName: _name, ...r }: RunRecord): RunRecord => r;
const withoutOrigin = ({ folderId: _f, ...r }: RunRecord): RunRecord => withoutCompany(r);

/** The state's scope query: Ann's key and her synced folder. */
const stateScope = () => `userId=${encodeURIComponent(USER_KEY)}&folderId=${encodeURIComponent(folderId)}`;

async function put(record: RunRecord) {
  return product.request(`/sync/v1/state/runs/${encodeURIComponent(record.id)}`, {
    method: 'PUT',
    body: JSON.stringify(record),
  });
}

beforeAll(async () => {
  c1 = product.companyId;
  const synced = await productHosts(product, USER, async () => ({ id: c1 }))[0]!.run('full');
  expect(synced).toMatchObject({ status: 'succeeded', companyId: c1 });
  real = synced;
  folderId = synced.folderId!;
  expect((await product.request('/sync/v1/links')).status).toBe(200);
  c2 = (await insertCompany(product.server.ctx.db, product.server.ctx.clock, { name: 'Adatum C2' })).id;
  expect(await grantMembership(product.server.ctx.db, USER_KEY, c2, 'admin@contoso.com')).toBe(true);
  expect(await revokeMembership(product.server.ctx.db, USER_KEY, c1)).toBe(true);
  expect(await stateReads(product, stateScope())).toEqual(STATE_DENIED);
}, 600_000);

describe("run records a client PUTs cannot move the state's company away from C1", () => {
  // Each row on the state as the real run left it: a row that moved it does not fail the next.
  afterEach(async () => {
    await product.server.ctx.db.query(`DELETE FROM sync_runs WHERE id LIKE 'forged-%'`);
  });

  test('the example: a record naming C2 (she is a member of it) is refused; the state stays 403', async () => {
    const r = await put(forged((x) => ({ ...x, companyId: c2, companyName: 'Adatum C2' })));
    // Before: 204, then both reads 200 with every synced base of C1.
    expect(await stateReads(product, stateScope())).toEqual(STATE_DENIED);
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({
      status: 400,
      code: 'BadRequest_InvalidValue',
    });
  });

  // Every way a record can fail to name the state's company, each enough times to fill the
  // recent runs a state's origin is read from (RECENT_RUNS = 20).
  test.each([
    ['naming C2, a dry run', (x: RunRecord) => ({ ...x, dryRun: true, companyId: c2 })],
    ['naming C2 in another case', (x: RunRecord) => ({ ...x, companyId: c2.toUpperCase() })],
    ['naming no company', withoutCompany],
    ['naming neither company nor folder', withoutOrigin],
    ['naming no company, running', (x: RunRecord) => ({ ...withoutCompany(x), status: 'running' as const })],
  ])('21 records %s: the state stays C1’s (403)', async (_name, patch) => {
    const named = new Set<string>();
    for (let n = 0; n < 21; n++) {
      const record = forged(patch);
      const r = await put(record);
      expect([204, 400]).toContain(r.status);
      if (r.status === 204)
        named.add(
          String((await product.server.ctx.stateStore.getRun(USER_KEY, record.id))?.companyId).toLowerCase(),
        );
    }
    expect(await stateReads(product, stateScope())).toEqual(STATE_DENIED);
    // Each one stored names the state's company (carried over, as the engine's refused runs do).
    expect([...named].filter((c) => c !== c1.toLowerCase())).toEqual([]);
  });

  // listRuns skips a dry run's record (cf4671e): the real run's record PUT again flagged dryRun
  // hid it, and with the cursor's delta link cleared nothing named C1 any more.
  test("the real run's record sent again as a dry run's is refused; the state stays C1's (403)", async () => {
    const r = await put({ ...real, dryRun: true });
    const scope = `userId=${encodeURIComponent(USER_KEY)}&folderId=${encodeURIComponent(folderId)}`;
    const cursor = await product.server.ctx.stateStore.getCursor({ userId: USER_KEY, folderId });
    await product.request(`/sync/v1/state/cursor?${scope}`, {
      method: 'PUT',
      body: JSON.stringify({ ...cursor, bcDeltaLink: null }),
    });
    expect(await stateReads(product, stateScope())).toEqual(STATE_DENIED);
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({
      status: 400,
      code: 'BadRequest_InvalidValue',
    });
    expect((await product.server.ctx.stateStore.getRun(USER_KEY, real.id))?.dryRun).toBe(false);
  });

  test("the control: a record naming C1, the state's own company, is stored as sent", async () => {
    const record = forged((x) => x);
    expect((await put(record)).status).toBe(204);
    expect((await product.server.ctx.stateStore.getRun(USER_KEY, record.id))?.companyId).toBe(c1);
    expect(await grantMembership(product.server.ctx.db, USER_KEY, c1, 'admin@contoso.com')).toBe(true);
    expect((await stateReads(product, stateScope())).map((a) => a.status)).toEqual([200, 200]);
  });
});

// Review RV9: while a user's state names no company yet, a record naming one they are no member of
// gave the state to it: every state read answered 403 and every run stopped `companyChanged`.
describe('a first record may name only a company of its user', () => {
  const BOB = 'bob@contoso.com';
  const BOB_KEY = devUserKey(BOB);
  let token = '';
  beforeAll(async () => {
    token = await product.server.ctx.devIssuer!.userToken(BOB, 'facade');
    await grantMembership(product.server.ctx.db, BOB_KEY, c1, 'admin@contoso.com');
  });
  afterEach(async () => {
    await product.server.ctx.db.query(`DELETE FROM sync_runs WHERE user_id = $1`, [BOB_KEY]);
  });
  const bobs = (companyId: string): RunRecord => ({
    ...forged((x) => x),
    userId: BOB_KEY,
    companyId,
    companyName: 'named',
  });
  const putAsBob = (record: RunRecord) =>
    product.request(
      `/sync/v1/state/runs/${encodeURIComponent(record.id)}`,
      { method: 'PUT', body: JSON.stringify(record) },
      token,
    );

  test.each([
    ['C2 (Ann’s, not his)', () => c2],
    ['C2 in another case', () => c2.toUpperCase()],
    ['a company that does not exist', () => randomUUID()],
  ])(
    'the example: Bob (member of C1 only) PUTs a record naming %s: 400, his state stays readable',
    async (_n, id) => {
      const r = await putAsBob(bobs(id()));
      // Before: 204, then GET /links 403 Authorization_NoCompanyMembership for good.
      expect({ status: r.status, code: r.body?.error?.code }).toEqual({
        status: 400,
        code: 'BadRequest_InvalidValue',
      });
      expect((await product.request('/sync/v1/links', {}, token)).status).toBe(200);
    },
  );

  test('the control: a first record naming C1, his company, is stored', async () => {
    const record = bobs(c1);
    expect((await putAsBob(record)).status).toBe(204);
    expect((await product.server.ctx.stateStore.getRun(BOB_KEY, record.id))?.companyId).toBe(c1);
    expect((await product.request('/sync/v1/links', {}, token)).status).toBe(200);
  });
});
