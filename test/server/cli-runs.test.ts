import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ANN, ANN_UPN, Gate, cliRunToEnd, ended, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { person } from '../support/world.js';

// F82: the CLI's routes on the running server. The start answers at once (the old route answered
// when the run ended, so the CLI could only wait without a deadline); the CLI follows the run with
// GET /internal/runs/:id; a start sent again with the same run id finds its run, never a second.

const ADMIN = 'admin-token-for-tests';

describe('the CLI routes: start, then follow (F82)', () => {
  let h: SyncHarness;
  const post = (payload: object, token = ADMIN) =>
    h.app.inject({ method: 'POST', url: '/internal/runs', headers: { 'x-admin-token': token }, payload });
  const get = (runId: string, user = ANN_UPN) =>
    h.app.inject({
      method: 'GET',
      url: `/internal/runs/${runId}?user=${encodeURIComponent(user)}`,
      headers: { 'x-admin-token': ADMIN },
    });

  beforeEach(async () => {
    h = await syncHarness({ adminToken: ADMIN });
    for (let n = 1; n <= 5; n++) h.bc.seed(person(n));
  });
  afterEach(async () => h.close());

  test('the start answers 202 while the run still runs; GET follows it to its end with its plan', async () => {
    const gate = new Gate();
    h.bc.gate = gate; // the run's BC read waits here until the test opens it
    const runId = randomUUID();
    const started = await post({ user: ANN_UPN, mode: 'full', runId });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({
      record: { id: runId, status: 'running' },
      active: true,
      plan: null,
    });
    const during = await get(runId);
    expect(during.statusCode).toBe(200);
    expect(during.json()).toMatchObject({ record: { id: runId, status: 'running' }, active: true });
    gate.open();
    await ended(h, ANN, runId);
    const after = await get(runId);
    expect(after.json()).toMatchObject({
      record: { id: runId, status: 'succeeded', trigger: 'cli', counts: { outlook: { created: 5 } } },
      active: false,
      plan: { outlook: { create: 5 }, bc: { create: 0 } },
    });
  });

  test('a start sent again with its run id finds that run, running or ended: one run, one record', async () => {
    const gate = new Gate();
    h.bc.gate = gate;
    const runId = randomUUID();
    const first = await post({ user: ANN_UPN, mode: 'full', runId });
    const again = await post({ user: ANN_UPN, mode: 'full', runId });
    expect([first.statusCode, again.statusCode]).toEqual([202, 202]);
    expect(again.json()).toMatchObject({ record: { id: runId }, active: true });
    gate.open();
    await ended(h, ANN, runId);
    const late = await post({ user: ANN_UPN, mode: 'full', runId });
    expect(late.statusCode).toBe(202);
    expect(late.json()).toMatchObject({ record: { id: runId, status: 'succeeded' }, active: false });
    expect((await h.store.listRuns(ANN, 10)).map((r) => r.id)).toEqual([runId]);
    expect(h.mailbox(ANN).folderByName('Business Central')).toBeDefined();
  });

  test('another run of the user is refused as before (409), and a run id is no other user’s', async () => {
    const gate = new Gate();
    h.bc.gate = gate;
    const runId = randomUUID();
    await post({ user: ANN_UPN, mode: 'full', runId });
    const other = await post({ user: ANN_UPN, mode: 'full', runId: randomUUID() });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: { code: 'RunInProgress' } });
    const bobs = await post({ user: 'bob@contoso.com', mode: 'full', runId });
    expect(bobs.statusCode).toBe(409);
    gate.open();
    await ended(h, ANN, runId);
  });

  test('bad input and strangers: 400 for a run id that is no UUID, 404 for an unknown run, 401 without the token', async () => {
    expect((await post({ user: ANN_UPN, mode: 'full', runId: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await get(randomUUID())).statusCode).toBe(404);
    expect((await post({ user: ANN_UPN, mode: 'full' }, 'wrong')).statusCode).toBe(401);
  });

  test('cliRunToEnd (what the route tables use) reads the ended run through the routes', async () => {
    const r = await cliRunToEnd(h, ADMIN, { user: ANN_UPN, mode: 'full' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ record: { status: 'succeeded' }, plan: { outlook: { create: 5 } } });
  });
});
