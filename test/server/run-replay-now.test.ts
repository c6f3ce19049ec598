/**
 * Trust brief item 2, the kind beside the lease answers: a kept answer a later action makes
 * untrue. POST /sync/v1/runs and POST /sync/v1/runs/{id}/cancel answer 202 with the run as it was
 * (`active: true`, `status: running`); a resend with the same Idempotency-Key after the run ended
 * (or was cancelled) was told it still ran, for the key's 10 minutes. The resend now answers the
 * same run as it is (runs.ts runNow): never a second run, nor a second cancel.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { migrate } from '../../src/store/migrations/index.js';
import type { Db } from '../../src/store/db.js';
import { person } from '../support/world.js';
import { openEmptyPglite } from '../store/pglite-template.js';
import { Gate, ended, syncHarness, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

let db: Db & { close(): Promise<void> };
let h: SyncHarness;
beforeAll(async () => {
  db = await openEmptyPglite();
  await migrate(db);
  h = await syncHarness({ ctx: { db } });
  for (let n = 1; n <= 3; n++) h.bc.seed(person(n));
}, 600_000);
afterAll(async () => {
  await h?.close();
  await db?.close();
});

async function post(user: string, url: string, key: string, payload: object = {}) {
  const res = await h.app.inject({
    method: 'POST',
    url,
    headers: { authorization: await h.auth(user), 'idempotency-key': key },
    payload,
  });
  const body = res.json() as { run: { id: string; status: string; active: boolean } };
  return { status: res.statusCode, replayed: res.headers['idempotent-replayed'] === 'true', run: body.run };
}

/** A run of `user` held at its BC read until the gate opens. */
async function heldStart(user: string, key: string) {
  const gate = new Gate();
  h.bc.gate = gate;
  h.clock.advance(60_000);
  const first = await post(user, '/sync/v1/runs', key, { mode: 'full' });
  expect(first).toMatchObject({ status: 202, run: { status: 'running', active: true } });
  return { gate, first };
}

describe('a kept run answer is sent again as the run is now, not as it was', () => {
  test('the start, resent after the run ended: the same run, ended (and no second run)', async () => {
    const user = userOf(`replay-start-${randomUUID().slice(0, 8)}@contoso.com`);
    const K = randomUUID();
    const { gate, first } = await heldStart(user, K);
    // The control: while it runs, the kept answer holds.
    expect(await post(user, '/sync/v1/runs', K, { mode: 'full' })).toMatchObject({
      status: 202,
      replayed: true,
      run: { id: first.run.id, status: 'running', active: true },
    });
    gate.open();
    const end = await ended(h, user, first.run.id);
    // Before: replayed {status: running, active: true}.
    expect(await post(user, '/sync/v1/runs', K, { mode: 'full' })).toMatchObject({
      status: 202,
      replayed: true,
      run: { id: first.run.id, status: end.status, active: false },
    });
    expect(h.manager.listRecent(user).map((v) => v.record.id)).toEqual([first.run.id]);
  });

  test('the cancel, resent after the run ended cancelled: the run, cancelled and no longer active', async () => {
    const user = userOf(`replay-cancel-${randomUUID().slice(0, 8)}@contoso.com`);
    const { gate, first } = await heldStart(user, randomUUID());
    const C = randomUUID();
    const asked = await post(user, `/sync/v1/runs/${first.run.id}/cancel`, C);
    expect(asked).toMatchObject({ status: 202, run: { id: first.run.id, active: true } });
    gate.open();
    const end = await ended(h, user, first.run.id);
    expect(end.status).toBe('cancelled');
    // Before: replayed {active: true}.
    expect(await post(user, `/sync/v1/runs/${first.run.id}/cancel`, C)).toMatchObject({
      status: 202,
      replayed: true,
      run: { id: first.run.id, status: 'cancelled', active: false },
    });
  });
});
