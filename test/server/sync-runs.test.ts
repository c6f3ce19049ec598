import { describe, test, expect, beforeAll } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { person } from '../support/world.js';
import { call, ended, Gate, outlookIn, parseSse, userOf, useSyncHarness } from './sync-harness.js';

const h = useSyncHarness();
beforeAll(async () => {
  for (let n = 1; n <= 5; n++) h.bc.seed(person(n));
});

/** Starts a run held at its BC read; the test opens the gate. */
async function heldRun(user: string, body: object) {
  const gate = new Gate();
  h.bc.gate = gate;
  h.clock.advance(60_000);
  const r = await call(h, user, 'POST', '/sync/v1/runs', body);
  expect(r.status).toBe(202);
  return { gate, run: r.body.run as { id: string } & Record<string, unknown> };
}

/** `/runs/{runId}/{action}` → 409 with `code` (the run is not in the state it needs); an unknown run → 404. */
async function expectConflictThenUnknown(
  user: string,
  method: 'GET' | 'POST',
  action: string,
  runId: string,
  code: string,
): Promise<void> {
  const r = await call(h, user, method, `/sync/v1/runs/${runId}/${action}`);
  expect(r.status).toBe(409);
  expect(r.body.error.code).toBe(code);
  expect((await call(h, user, method, `/sync/v1/runs/nope/${action}`)).status).toBe(404);
}

describe('POST /runs, GET /runs/{id}', () => {
  test('F106: the history lists a running run with its live progress, as GET /runs/{id} shows it', async () => {
    const user = userOf('runs-live@contoso.com');
    // The run waits at its first Outlook write, past its reading and planning.
    const box = h.mailbox(user);
    const writes = new Gate();
    const create = box.create.bind(box);
    box.create = async (...args: Parameters<typeof create>) => {
      writes.entered = true;
      await writes.promise;
      return create(...args);
    };
    h.clock.advance(60_000);
    const started = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'full' });
    const id = (started.body.run as { id: string }).id;
    let live = await call(h, user, 'GET', `/sync/v1/runs/${id}`);
    for (let i = 0; i < 200 && !writes.entered; i++) {
      await new Promise((r) => setImmediate(r));
      live = await call(h, user, 'GET', `/sync/v1/runs/${id}`);
    }
    expect(writes.entered).toBe(true);
    const phases = live.body.progress as Record<string, { phase: string; done: number; total: number }>;
    expect(Object.keys(phases)).toEqual(expect.arrayContaining(['reading', 'planning']));
    const listed = (await call(h, user, 'GET', '/sync/v1/runs')).body.runs.find(
      (r: { id: string }) => r.id === id,
    );
    expect(listed.status).toBe('running');
    expect(listed.progress).toEqual(Object.values(phases));
    writes.open();
    expect(await ended(h, user, id)).toMatchObject({ status: 'succeeded' });
  });

  test('202 with the running run; the record and progress are readable; the run syncs', async () => {
    const user = userOf('runs@contoso.com');
    const { gate, run } = await heldRun(user, { mode: 'full' });
    expect(run).toMatchObject({
      status: 'running',
      mode: 'full',
      // No trigger in the body: another client of the API, not the pane.
      trigger: 'api',
      dryRun: false,
      active: true,
    });
    const live = await call(h, user, 'GET', `/sync/v1/runs/${run.id}`);
    expect(live.body).toMatchObject({
      id: run.id,
      status: 'running',
      progress: { reading: { done: 0, total: 2 } },
    });
    gate.open();
    const record = await ended(h, user, run.id);
    expect(record).toMatchObject({ status: 'succeeded', counts: { outlook: { created: 5 } } });
    expect(outlookIn(h, user)).toHaveLength(5);
    const done = await call(h, user, 'GET', `/sync/v1/runs/${run.id}`);
    expect(done.body).toMatchObject({
      status: 'succeeded',
      active: false,
      progress: { outlook: { done: 5, total: 5 } },
    });
  });

  test('the run records who asked: the pane says so, any other client is api; schedule and cli cannot be claimed', async () => {
    const user = userOf('trigger@contoso.com');
    for (const [body, trigger] of [
      [{ mode: 'delta', dryRun: true }, 'api'],
      [{ mode: 'delta', dryRun: true, trigger: 'api' }, 'api'],
      [{ mode: 'delta', dryRun: true, trigger: 'pane' }, 'pane'],
    ] as const) {
      const r = await call(h, user, 'POST', '/sync/v1/runs', body);
      expect(r.status).toBe(202);
      expect((await ended(h, user, r.body.run.id)).trigger).toBe(trigger);
    }
    for (const trigger of ['schedule', 'cli', 'outlook']) {
      const r = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'delta', trigger });
      expect(r.status).toBe(400);
    }
  });

  test('a body that is not a run request → 400; unknown run → 404', async () => {
    const user = userOf('runs@contoso.com');
    for (const body of [{}, { mode: 'sideways' }, { mode: 'full', dryRun: 'maybe' }]) {
      const r = await call(h, user, 'POST', '/sync/v1/runs', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('BadRequest');
    }
    const r = await call(h, user, 'GET', '/sync/v1/runs/run-nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('RunNotFound');
  });

  test('a second run for the same user and folder → 409 with the active run', async () => {
    const user = userOf('twice@contoso.com');
    const { gate, run } = await heldRun(user, { mode: 'full' });
    const second = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'delta' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('RunInProgress');
    expect(second.body.run).toMatchObject({ id: run.id, status: 'running', active: true });
    // Another user is not blocked.
    const other = await call(h, userOf('someone@contoso.com'), 'POST', '/sync/v1/runs', {
      mode: 'full',
      dryRun: true,
    });
    expect(other.status).toBe(202);
    gate.open();
    await ended(h, user, run.id);
    await ended(h, userOf('someone@contoso.com'), other.body.run.id);
  });

  test('a run held by another process (the lease) → 409 as well', async () => {
    const user = userOf('elsewhere@contoso.com');
    await h.store.acquireLease(`${user}|business central`, 'pane-run-1', h.clock.now(), 60_000);
    const r = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'full' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/pane-run-1/);
    await h.store.releaseLease(`${user}|business central`, 'pane-run-1');
  });

  test('invalid saved settings → 400 before any run starts', async () => {
    const user = userOf('badfilter@contoso.com');
    await h.store.putSettings(user, { ...DEFAULT_SETTINGS, filter: { city: '((' } });
    const r = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'full' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].target).toBe('filter.city');
  });
});

describe('cancel', () => {
  test('cancel stops the run before its first write; a second cancel → 409; unknown → 404', async () => {
    const user = userOf('cancel@contoso.com');
    const { gate, run } = await heldRun(user, { mode: 'full' });
    const c = await call(h, user, 'POST', `/sync/v1/runs/${run.id}/cancel`);
    expect(c.status).toBe(202);
    expect(c.body.run).toMatchObject({ id: run.id, cancelRequested: true });
    gate.open();
    const record = await ended(h, user, run.id);
    expect(record.status).toBe('cancelled');
    expect(outlookIn(h, user)).toHaveLength(0);
    await expectConflictThenUnknown(user, 'POST', 'cancel', run.id, 'RunNotActive');
  });
});

describe('dry run and plan', () => {
  test('a dry run writes nothing and keeps its plan for the preview', async () => {
    const user = userOf('dry@contoso.com');
    h.clock.advance(60_000);
    const start = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'full', dryRun: true });
    expect(start.status).toBe(202);
    const record = await ended(h, user, start.body.run.id);
    expect(record).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(outlookIn(h, user)).toHaveLength(0);
    const plan = await call(h, user, 'GET', `/sync/v1/runs/${record.id}/plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.plan.summary).toEqual({
      bc: { create: 0, update: 0 },
      outlook: { create: 5, update: 0, delete: 0 },
      links: 0,
      conflicts: 0,
      skipped: 0,
    });
    expect(plan.body.plan.items[0]).toEqual({
      kind: 'createInOutlook',
      bcId: expect.any(String),
      displayName: 'Person 1',
    });
    expect(plan.body.plan).toMatchObject({ mode: 'full', guard: null, conflicts: [], skipped: [] });
    // A dry run is no run: the history lists none, at this process or any other (RV6).
    const history = await call(h, user, 'GET', '/sync/v1/runs');
    expect(history.body.runs.map((r: { id: string }) => r.id)).toEqual([]);
  });

  test('a plan with skipped contacts carries the reason text', async () => {
    const user = userOf('dry2@contoso.com');
    const noMail = h.bc.seed(person(99, { email: '' }));
    h.clock.advance(60_000);
    const start = await call(h, user, 'POST', '/sync/v1/runs', { mode: 'full', dryRun: true });
    await ended(h, user, start.body.run.id);
    const plan = (await call(h, user, 'GET', `/sync/v1/runs/${start.body.run.id}/plan`)).body.plan;
    const skipped = plan.skipped.find((s: { bcId: string }) => s.bcId === noMail.id);
    expect(skipped).toMatchObject({
      side: 'bc',
      reason: { kind: 'outOfScope', reasons: [{ kind: 'noEmail' }] },
      text: 'out of scope: no e-mail',
      hint: 'Add an e-mail address to the contact in Business Central.',
    });
    h.bc.remove(noMail.id);
  });

  test('the plan of a run that is not a dry run → 409; of an unknown run → 404', async () => {
    const user = userOf('runs@contoso.com');
    const [last] = (await call(h, user, 'GET', '/sync/v1/runs?limit=1')).body.runs;
    await expectConflictThenUnknown(user, 'GET', 'plan', last.id, 'PlanNotAvailable');
  });
});

describe('history', () => {
  test('GET /runs is newest first and honours limit; a bad limit → 400', async () => {
    const user = userOf('history@contoso.com');
    const ids: string[] = [];
    for (const mode of ['full', 'delta', 'delta']) {
      h.clock.advance(60_000);
      const r = await call(h, user, 'POST', '/sync/v1/runs', { mode });
      ids.push((await ended(h, user, r.body.run.id)).id);
    }
    const all = await call(h, user, 'GET', '/sync/v1/runs');
    expect(all.body.runs.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    const two = await call(h, user, 'GET', '/sync/v1/runs?limit=2');
    expect(two.body.runs.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    expect((await call(h, user, 'GET', '/sync/v1/runs?limit=0')).status).toBe(400);
    expect((await call(h, user, 'GET', '/sync/v1/runs?limit=abc')).status).toBe(400);
    expect((await call(h, user, 'GET', '/sync/v1/runs?limit=1e309')).status).toBe(400);
  });
});

describe('GET /runs/{id}/events (server-sent events)', () => {
  test('streams progress and records of a live run and closes with end', async () => {
    const user = userOf('sse@contoso.com');
    const { gate, run } = await heldRun(user, { mode: 'full' });
    // payloadAsStream: the response comes back at the headers, when the stream is subscribed.
    const res = await h.app.inject({
      method: 'GET',
      url: `/sync/v1/runs/${run.id}/events`,
      headers: { authorization: await h.auth(user) },
      payloadAsStream: true,
    });
    expect(res.statusCode).toBe(200);
    // The run can go on only now, so every event after the first record reaches the stream.
    gate.open();
    let text = '';
    for await (const chunk of res.stream()) text += String(chunk);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(text);
    expect(events[0]).toMatchObject({ event: 'progress', data: { phase: 'reading' } });
    expect(events.map((e) => e.event)).toContain('record');
    const phases = events.filter((e) => e.event === 'progress').map((e) => e.data.phase);
    expect(phases).toEqual(expect.arrayContaining(['reading', 'planning', 'outlook', 'links']));
    const last = events.at(-1)!;
    expect(last).toMatchObject({ event: 'end', data: { id: run.id, status: 'succeeded' } });
    expect(last.data).toMatchObject({ counts: { outlook: { created: 5 } } });
  });

  test('a run that already ended: its record, then end', async () => {
    const user = userOf('sse@contoso.com');
    const [done] = (await call(h, user, 'GET', '/sync/v1/runs?limit=1')).body.runs;
    const res = await h.app.inject({
      method: 'GET',
      url: `/sync/v1/runs/${done.id}/events`,
      headers: { authorization: await h.auth(user) },
    });
    const events = parseSse(res.body);
    expect(events.map((e) => e.event).slice(-2)).toEqual(['record', 'end']);
    expect(events.at(-1)?.data).toMatchObject({ id: done.id, status: 'succeeded' });
  });

  test('unknown run → 404 JSON, no stream; no token → 401', async () => {
    const r = await call(h, userOf('sse@contoso.com'), 'GET', '/sync/v1/runs/nope/events');
    expect(r.status).toBe(404);
    expect((await call(h, null, 'GET', '/sync/v1/runs/nope/events')).status).toBe(401);
  });
});

describe('RunManager.runNow', () => {
  test('awaits the run and returns its record (CLI and scheduler triggers)', async () => {
    h.clock.advance(60_000);
    const outcome = await h.manager.runNow('cli@contoso.com', { mode: 'full', trigger: 'cli' });
    expect(outcome.record).toMatchObject({ status: 'succeeded', trigger: 'cli' });
    expect(await h.store.getRun('cli@contoso.com', outcome.record.id)).toMatchObject({ trigger: 'cli' });
  });
});
