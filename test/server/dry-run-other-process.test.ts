import { beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { call, ended, Gate, parseSse, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { useTwoProcesses } from './two-processes.js';

// Review V3: a dry run (the pane's Preview, `sync --dry-run`) stored no record, so behind a proxy
// without affinity its GET, events and cancel at another process answered 404 RunNotFound (the
// Preview failed in the pane while the run succeeded at the first process). A dry run now stores
// its record (flagged `dryRun`; listRuns skips it, test/core/dry-run-records): the same answers at
// the process running it (A) and at another on the same store (B).

const two = useTwoProcesses(3);
const { tickA, tickB, gates } = two;
/** The process that runs the runs. */
let a: SyncHarness;
/** Another process on the same store and marks. */
let b: SyncHarness;
beforeAll(() => {
  ({ a, b } = two);
});

/** A dry run started at A, held at its BC read until the gate opens. */
async function heldDryRunAtA(user: string) {
  const gate = new Gate();
  gates.push(gate);
  a.bc.gate = gate;
  a.clock.advance(60_000);
  const r = await call(a, user, 'POST', '/sync/v1/runs', { mode: 'full', dryRun: true, trigger: 'pane' });
  expect(r.status).toBe(202);
  const runId = r.body.run.id as string;
  return { gate, runId, end: ended(a, user, runId) };
}

/** Opens `h`'s event stream of `runId`; the text arrives as `h` writes it. */
async function events(h: SyncHarness, user: string, runId: string) {
  const res = await h.app.inject({
    method: 'GET',
    url: `/sync/v1/runs/${runId}/events`,
    headers: { authorization: await h.auth(user) },
    payloadAsStream: true,
  });
  let text = '';
  let over = false;
  const done = (async () => {
    for await (const chunk of res.stream()) text += String(chunk);
    over = true;
  })();
  return { status: res.statusCode, events: () => parseSse(text), over: () => over, done };
}

/** What GET /runs/{id} answers, without what only the process running it knows (live progress). */
async function getAt(h: SyncHarness, user: string, runId: string) {
  const r = await call(h, user, 'GET', `/sync/v1/runs/${runId}`);
  const run = r.status === 200 ? (r.body as RunRecord) : undefined;
  return { status: r.status, id: run?.id, state: run?.status, dryRun: run?.dryRun, mode: run?.mode };
}

describe('a dry run started at process A: its GET, events and cancel at process B answer as at A', () => {
  test('while it runs: GET and events at B; a cancel at B reaches it at A’s next poll, as a cancel at A', async () => {
    const user = userOf('dry-elsewhere@contoso.com');
    // The reference: a cancel at A. A dry run writes nothing, so a cancel that comes while it reads
    // ends it as it would (README "Cancelling a run": nothing left to write).
    const local = await heldDryRunAtA(user);
    expect((await call(a, user, 'POST', `/sync/v1/runs/${local.runId}/cancel`)).status).toBe(202);
    local.gate.open();
    const localEnd = await local.end;

    const run = await heldDryRunAtA(user);
    const atA = await getAt(a, user, run.runId);
    expect(atA).toEqual({ status: 200, id: run.runId, state: 'running', dryRun: true, mode: 'full' });
    expect(await getAt(b, user, run.runId)).toEqual(atA);

    const streamB = await events(b, user, run.runId);
    expect(streamB.status).toBe(200);
    await tickB.beat();
    expect(streamB.over()).toBe(false);

    const c = await call(b, user, 'POST', `/sync/v1/runs/${run.runId}/cancel`);
    expect(c.status).toBe(202);
    expect(c.body.run).toMatchObject({ id: run.runId, active: true, cancelRequested: true });
    await tickA.beat();
    expect(a.manager.get(user, run.runId)?.cancelRequested).toBe(true);
    run.gate.open();
    const end = await run.end;
    expect(end.status).toBe(localEnd.status);
    expect(end.errors.map((e) => e.code)).toEqual(localEnd.errors.map((e) => e.code));
    await tickB.beat();
    await streamB.done;
    expect(streamB.events().at(-1)).toMatchObject({
      event: 'end',
      data: { id: run.runId, status: end.status, dryRun: true },
    });
    expect(await getAt(b, user, run.runId)).toEqual(await getAt(a, user, run.runId));
  });

  test('once it ended: GET, events and cancel answer the same at A and at B', async () => {
    const user = userOf('dry-ended@contoso.com');
    const run = await heldDryRunAtA(user);
    run.gate.open();
    expect((await run.end).status).toBe('succeeded');
    const atA = await getAt(a, user, run.runId);
    expect(atA).toEqual({ status: 200, id: run.runId, state: 'succeeded', dryRun: true, mode: 'full' });
    expect(await getAt(b, user, run.runId)).toEqual(atA);
    for (const h of [a, b]) {
      const s = await events(h, user, run.runId);
      await s.done;
      // Progress events come from the memory of the process that ran it (as for any run).
      const told = s.events().filter((e) => e.event !== 'progress');
      expect(told.map((e) => [e.event, e.data.status])).toEqual([
        ['record', 'succeeded'],
        ['end', 'succeeded'],
      ]);
      const c = await call(h, user, 'POST', `/sync/v1/runs/${run.runId}/cancel`);
      expect([c.status, c.body.error.code, c.body.error.reason?.cause]).toEqual([
        409,
        'RunNotActive',
        'ended',
      ]);
    }
    // Another user's: 404 at both, as for any run.
    const other = userOf('dry-other@contoso.com');
    for (const h of [a, b]) expect((await getAt(h, other, run.runId)).status).toBe(404);
  });

  // Review RV6: the history merged the stored runs (listRuns skips dry runs) with the runs in the
  // memory of the process answering, its previews included: a pane behind a proxy without affinity
  // saw its Preview appear and vanish between refreshes. A dry run is no run (deploy.md: the history
  // skips it): listed at no process, while it runs or once it ended; a real run at both.
  test('the history is the same at A and at B: the run listed, the dry run not (RV6)', async () => {
    const user = userOf('dry-history@contoso.com');
    a.clock.advance(60_000);
    const real = await call(a, user, 'POST', '/sync/v1/runs', { mode: 'full', trigger: 'pane' });
    expect(real.status).toBe(202);
    const realId = real.body.run.id as string;
    expect((await ended(a, user, realId)).status).toBe('succeeded');
    const historyAt = async (h: SyncHarness) =>
      ((await call(h, user, 'GET', '/sync/v1/runs')).body.runs as RunRecord[]).map((r) => r.id);
    const run = await heldDryRunAtA(user);
    expect([await historyAt(a), await historyAt(b)]).toEqual([[realId], [realId]]);
    run.gate.open();
    expect((await run.end).status).toBe('succeeded');
    expect([await historyAt(a), await historyAt(b)]).toEqual([[realId], [realId]]);
  });
});
