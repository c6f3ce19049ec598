/**
 * Issue 11 (OBO): a run the user started, whose on-behalf-of BC token must be renewed after their
 * sign-in expired. On loopback: the Entra stand-in issues client-credentials and on-behalf-of tokens
 * with a separate issuer and audience per resource on a test clock the facade shares, a second
 * facade plays the BC tenant (its API v2.0 where a tenant's is, trusting only Entra's BC tokens),
 * and the Graph emulator trusts only Entra's Graph tokens. The facade under test is wired as
 * `npm start` wires it (serverEnvironment + RunManager + the app), in this process so the test can
 * move the clock in the middle of a run.
 *
 * The checks this file made before (scheduled, CLI and pane-asked runs; the pane's BC calls on
 * behalf of the user; BC's own permissions; a non-member refused) are made against the product and
 * tenant as processes in tenant-processes.test.ts, which shares its processes among them.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { endError } from '../../src/core/run-errors.js';
import { describeRunError } from '../../src/messages/english.js';
import { BC_RESOURCE as BC, STANDIN_SYNC_APP } from '../support/entra-standin.js';
import { OID, USER_KEY, startUpstreamInProcess } from '../support/upstream-in-process.js';
import type { UpstreamInProcess } from '../support/upstream-in-process.js';

let up: UpstreamInProcess;
beforeAll(async () => {
  up = await startUpstreamInProcess();
});
afterAll(async () => {
  await up?.close();
});

describe('the user’s sign-in expires in the middle of a run they started (issue 11, OBO)', () => {
  test('Entra refuses the renewal (AADSTS500133): the run ends failed, naming BC and the refused token; no app-only call', async () => {
    const { entra, ours, bcSeen } = up;
    const seenFrom = bcSeen.length;
    const appTokensBefore = entra.requests.length;
    const oboBefore = entra.oboRequests.length;
    const start = await ours.app.inject({
      method: 'POST',
      url: '/sync/v1/runs',
      headers: { authorization: await up.paneAuth(OID) },
      payload: { mode: 'full', trigger: 'pane' },
    });
    expect(start.statusCode).toBe(202);
    const runId = (start.json() as { run: { id: string } }).run.id;
    // After the run's first BC answer (on Ann's behalf), 70 minutes pass on the test clock: the
    // held BC token and Ann's sign-in (1 hour) both expired, so the next BC call must renew.
    up.afterNextBcAnswer(() => up.setAhead(70 * 60 * 1000));
    const record = await new Promise<RunRecord>((resolve) => {
      const done = ours.manager.get(USER_KEY, runId);
      if (done && !done.active) return resolve(done.record);
      ours.manager.subscribe(USER_KEY, runId, (e) => {
        if (e.type === 'end') resolve(e.record);
      });
    });
    try {
      expect(up.hasPendingBcHook()).toBe(false);
      expect(record.status).toBe('failed');
      expect(record.access).toEqual({ bc: 'delegated', graph: 'appOnly' });
      expect(endError(record)).toMatchObject({
        code: 'readFailed',
        params: { port: 'bc', status: 403, serviceCode: 'Upstream_TokenRefused' },
      });
      // What the user reads: Business Central, and that they must sign in again.
      expect(describeRunError(endError(record)!)).toMatch(/^Business Central: .*sign in again/i);
      // Never an app-only fallback: no client-credentials request for BC, every BC call was Ann's.
      // (entra.requests holds the OBO exchanges too, by the facade's own client; the sync app's
      // Graph token, which server runs always use for the mailbox, may be asked.)
      const appOnlyBc = entra.requests
        .slice(appTokensBefore)
        .filter((r) => r.clientId === STANDIN_SYNC_APP.clientId && r.scope.includes(BC));
      expect(appOnlyBc).toEqual([]);
      expect(bcSeen.slice(seenFrom).length).toBeGreaterThan(0);
      expect(bcSeen.slice(seenFrom).every((t) => t.kind === 'user' && t.who === OID)).toBe(true);
      // Two exchanges of Ann's sign-in: the first, and the renewal Entra refused.
      expect(entra.oboRequests.length - oboBefore).toBe(2);
    } finally {
      up.setAhead(0);
      up.afterNextBcAnswer(null);
    }
  });
});
