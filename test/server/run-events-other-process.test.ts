import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { handTicker } from '../support/manual-ticker.js';
import type { RunRecord, RunStatus } from '../../src/core/records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { person } from '../support/world.js';
import { call, ended, Gate, parseSse, runToEnd, syncHarness, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Several facade processes serve one database behind a proxy (docs/deploy.md §6), so the pane's
// GET /runs/{id}/events (the server engine) may reach a process that does not run the run. That
// process answered the stored record and `end` at once, the record still `running`: the pane took
// the run as done while it ran (review: two `npm start` on one PostgreSQL, 1 of 3 tries). Now such
// a process follows the run by its stored record until it ends.

const store = new MemorySyncStateStore();
const hand = handTicker();
/** The process that runs the run. */
let a: SyncHarness;
/** Another process on the same store, asked for the run's events. */
let b: SyncHarness;

beforeAll(async () => {
  a = await syncHarness({ store });
  b = await syncHarness({ store, issuer: a.issuer, ticker: hand.ticker });
  for (let n = 1; n <= 3; n++) a.bc.seed(person(n));
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

/** Opens B's event stream of `runId` as `user`; the text arrives as B writes it. */
async function eventsAtB(user: string, runId: string) {
  const res = await b.app.inject({
    method: 'GET',
    url: `/sync/v1/runs/${runId}/events`,
    headers: { authorization: await b.auth(user) },
    payloadAsStream: true,
  });
  expect(res.statusCode).toBe(200);
  let text = '';
  let ended = false;
  const done = (async () => {
    for await (const chunk of res.stream()) text += String(chunk);
    ended = true;
  })();
  return { events: () => parseSse(text), ended: () => ended, done };
}

describe('GET /runs/{id}/events at a process that does not run the run', () => {
  /** A finished run's record, the shape the rows store under other ids and statuses. */
  let template: RunRecord | undefined;
  test('a live run elsewhere: followed by its stored record until it ends (the pane, server engine)', async () => {
    const user = userOf('other-process@contoso.com');
    const gate = new Gate();
    a.bc.gate = gate;
    const started = await call(a, user, 'POST', '/sync/v1/runs', { mode: 'full', trigger: 'pane' });
    expect(started.status).toBe(202);
    const runId = started.body.run.id as string;

    const stream = await eventsAtB(user, runId);
    await hand.beat();
    expect(stream.ended()).toBe(false);
    expect(stream.events().map((e) => e.event)).not.toContain('end');

    const end = ended(a, user, runId);
    gate.open();
    await end;
    await hand.beat();
    await stream.done;
    const last = stream.events().at(-1)!;
    expect(last).toMatchObject({ event: 'end', data: { id: runId, status: 'succeeded' } });
    expect(last.data).toMatchObject({ counts: { outlook: { created: 3 } } });
    expect(hand.live()).toBe(0);
  });

  test('three streams of one run elsewhere: one store read per beat, all end together', async () => {
    const user = userOf('stored-run@contoso.com');
    template ??= await runToEnd(a, user, { mode: 'full' });
    const runId = 'elsewhere-many';
    await store.saveRun({ ...template, id: runId, status: 'running', finishedAt: null });
    const streams = [
      await eventsAtB(user, runId),
      await eventsAtB(user, runId),
      await eventsAtB(user, runId),
    ];
    const getRun = store.getRun.bind(store);
    let reads = 0;
    store.getRun = async (u, id) => (id === runId && reads++, getRun(u, id));
    try {
      await hand.beat();
      await hand.beat();
      expect(reads).toBe(2);
      expect(hand.live()).toBe(1);
      await store.saveRun({ ...template, id: runId, status: 'succeeded' });
      await hand.beat();
      for (const s of streams) {
        await s.done;
        expect(s.events().at(-1)).toMatchObject({ event: 'end', data: { id: runId, status: 'succeeded' } });
      }
      expect(reads).toBe(3);
      expect(hand.live()).toBe(0);
    } finally {
      store.getRun = getRun;
    }
  });

  // The stored record as another process leaves it, and what B's stream ends with.
  const rows: [string, RunStatus[], RunStatus][] = [
    ['ended before the request: end at once', ['succeeded'], 'succeeded'],
    ['running, then succeeded', ['running', 'running', 'succeeded'], 'succeeded'],
    ['running, then failed', ['running', 'failed'], 'failed'],
    ['running, its holder died: the reaper marks it interrupted', ['running', 'interrupted'], 'interrupted'],
    ['running, then cancelled', ['running', 'cancelled'], 'cancelled'],
  ];
  test.each(rows)('%s', async (_name, statuses, final) => {
    const user = userOf('stored-run@contoso.com');
    template ??= await runToEnd(a, user, { mode: 'full' });
    const done = template;
    const runId = `elsewhere-${statuses.join('-')}`;
    const save = (status: RunStatus) =>
      store.saveRun({
        ...done,
        id: runId,
        status,
        finishedAt: status === 'running' ? null : done.finishedAt,
      });
    await save(statuses[0]!);
    const stream = await eventsAtB(user, runId);
    for (const status of statuses.slice(1)) {
      expect(stream.ended()).toBe(false);
      await save(status);
      await hand.beat();
    }
    await stream.done;
    expect(stream.events().at(-1)).toMatchObject({ event: 'end', data: { id: runId, status: final } });
    expect(stream.events().filter((e) => e.event === 'end')).toHaveLength(1);
    expect(hand.live()).toBe(0);
  });
});
