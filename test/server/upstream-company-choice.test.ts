/**
 * F86 on the upstream path (BC_* set: a second facade plays the BC tenant, Entra and Graph their
 * stand-ins; test/support/upstream-in-process.ts). The run's company is chosen by the server's
 * `userCompany` (embedded/environment.ts) from the companies the BC API lists to the user, through
 * core `runCompanyAmong` with the state's company (sync/state-company.ts). An administrator grants
 * Ann a second company that sorts first: her pane-asked (on her behalf) and scheduled (app-only)
 * runs keep syncing the state's company; once she loses the state's company, a run fails
 * `companyChanged` before it reads any contact.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { insertCompany, insertContact } from '../../src/store/bc-repository.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { OID, USER_KEY, startUpstreamInProcess } from '../support/upstream-in-process.js';
import type { UpstreamInProcess } from '../support/upstream-in-process.js';

let up: UpstreamInProcess;
let adatum: string;
const none = { created: 0, updated: 0, deleted: 0 };

beforeAll(async () => {
  up = await startUpstreamInProcess();
});
afterAll(async () => {
  await up?.close();
});

/** A scheduled run: app-only BC access acting as Ann (no token of hers). */
async function scheduledRun(mode: 'delta' | 'full'): Promise<RunRecord> {
  const view = await up.ours.manager.start(USER_KEY, { mode, trigger: 'schedule' });
  return new Promise<RunRecord>((resolve) => {
    const done = up.ours.manager.get(USER_KEY, view.record.id);
    if (done && !done.active) return resolve(done.record);
    up.ours.manager.subscribe(USER_KEY, view.record.id, (e) => {
      if (e.type === 'end') resolve(e.record);
    });
  });
}

const runs: [string, (mode: 'delta' | 'full') => Promise<RunRecord>][] = [
  ['pane-asked (on behalf of Ann)', (mode) => up.paneRun(OID, mode)],
  ['scheduled (app-only)', scheduledRun],
];

/** The BC URLs the facade asked the tenant for while `work` ran. */
async function bcCallsOf<T>(work: () => Promise<T>): Promise<{ result: T; urls: string[] }> {
  const from = up.bcUrls.length;
  const result = await work();
  return { result, urls: up.bcUrls.slice(from) };
}

describe('F86 upstream: the state company stays the run company', () => {
  test('the first run syncs Ann’s company and names it; then a company sorting first is granted', async () => {
    const first = await up.paneRun(OID, 'full');
    expect(first).toMatchObject({ status: 'succeeded', companyId: up.ownCompany });
    expect(first.counts.outlook.created).toBe(2);
    const { tenant, ours } = up;
    adatum = (await insertCompany(tenant.db, tenant.clock, { name: 'Adatum Test' })).id;
    const added = await insertContact(tenant.db, tenant.clock, adatum, {
      displayName: 'Adatum Only',
      email: 'only@adatum.example',
    });
    expect(added.ok).toBe(true);
    // Both grants an administrator makes: the facade's membership and BC's permission set.
    expect(await grantMembership(ours.db, USER_KEY, adatum, 'admin')).toBe(true);
    expect(await grantMembership(tenant.db, USER_KEY, adatum, 'BC permission set')).toBe(true);
    const listed = await ours.app.inject({
      url: '/api/v2.0/companies',
      headers: { authorization: await up.paneAuth(OID) },
    });
    expect((listed.json() as { value: { id: string }[] }).value.map((c) => c.id)).toEqual([
      adatum,
      up.ownCompany,
    ]);
  });

  test.each(runs)(
    '%s runs keep the state company: nothing of the other company read or written',
    async (_n, run) => {
      for (const mode of ['delta', 'full'] as const) {
        const { result, urls } = await bcCallsOf(() => run(mode));
        expect(result).toMatchObject({ status: 'succeeded', companyId: up.ownCompany, held: null });
        expect(result.counts).toEqual({ bc: none, outlook: none });
        expect(urls.some((u) => u.includes(`companies(${up.ownCompany})/contacts`))).toBe(true);
        expect(urls.filter((u) => u.includes(adatum))).toEqual([]);
      }
    },
  );

  test.each(runs)(
    '%s run after the state company is revoked: failed companyChanged before reading any contact',
    async (_n, run) => {
      expect(await revokeMembership(up.ours.db, USER_KEY, up.ownCompany)).toBe(true);
      try {
        const { result, urls } = await bcCallsOf(() => run('full'));
        expect(result.status).toBe('failed');
        expect(result.errors.at(-1)).toMatchObject({
          code: 'companyChanged',
          params: { from: up.ownCompany, to: adatum },
        });
        // It claims nothing: its record names the state's company, carried over (review R2).
        expect(result.companyId).toBe(up.ownCompany);
        expect(result.counts).toEqual({ bc: none, outlook: none });
        expect(urls.filter((u) => /\/contacts\b/.test(u))).toEqual([]);
      } finally {
        expect(await grantMembership(up.ours.db, USER_KEY, up.ownCompany, 'admin')).toBe(true);
      }
      // Access back: the sync goes on where it was.
      expect(await run('delta')).toMatchObject({ status: 'succeeded', companyId: up.ownCompany });
    },
  );
});
