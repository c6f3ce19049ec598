import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { handTicker } from '../support/manual-ticker.js';
import { aroundFencedSaves } from '../support/noting-saves.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { MemoryRunCancelMarks } from '../../src/fakes/memory-run-cancel-marks.js';
import { person } from '../support/world.js';
import { adminCall, call, ended, Gate, syncHarness, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Review V9 (core/run.ts: the first record save goes out beside the run's reads, issue 12 §2):
// RunManager.start resolved on the first onRecord, so a start answered 202 with the run's id BEFORE
// the run's record was in the store. Behind a proxy without affinity (docs/deploy.md §6, b447040)
// the client's next request may reach another process, which found no record: 404 RunNotFound
// (the pane's server-runner throws EventsFailed for a run that goes on; the CLI says "The server
// answered 404"; a cancel sent there is lost). Every start that answers a run id goes through
// RunManager.start: the pane's POST /sync/v1/runs and the CLI's POST /internal/runs. Now start
// resolves on `onStored` (the first save answered); the reads still go on beside that save.

const ADMIN = 'a'.repeat(32);
const mem = new MemorySyncStateStore();
const marks = new MemoryRunCancelMarks(mem);
let firstSave = new Gate();
let held = false;
/** A's store: a run's first record save waits for `firstSave` (a slow flushed commit). */
const slowFirstSave = aroundFencedSaves(mem, async (_record, _commit, send) => {
  if (!held) {
    held = true;
    firstSave.entered = true;
    await firstSave.promise;
  }
  await send();
});
const tickA = handTicker();
const tickB = handTicker();
let a: SyncHarness;
let b: SyncHarness;

beforeAll(async () => {
  a = await syncHarness({
    store: slowFirstSave,
    ticker: tickA.ticker,
    cancelMarks: marks,
    adminToken: ADMIN,
  });
  b = await syncHarness({ store: mem, issuer: a.issuer, ticker: tickB.ticker, cancelMarks: marks });
  for (let n = 1; n <= 3; n++) a.bc.seed(person(n));
});
const readGates: Gate[] = [];
afterAll(async () => {
  firstSave.open();
  for (const g of readGates) g.open();
  await a?.close();
  await b?.close();
});

const turns = async (n: number, until: () => boolean) => {
  for (let i = 0; i < n && !until(); i++) await new Promise((r) => setImmediate(r));
};

/** The starts that answer a run's id, each with the id from its answer. */
const STARTS: Record<string, (upn: string) => Promise<{ status: number; runId: string }>> = {
  'pane POST /sync/v1/runs': async (upn) => {
    const r = await call(a, userOf(upn), 'POST', '/sync/v1/runs', { mode: 'full', trigger: 'pane' });
    return { status: r.status, runId: r.body.run?.id as string };
  },
  'CLI POST /internal/runs': async (upn) => {
    const r = await adminCall(a.app, ADMIN, 'POST', '/internal/runs', { user: upn, mode: 'full' });
    return { status: r.status, runId: r.body.record?.id as string };
  },
};

/** What B answers for the run, right after A's start answer (while A's first save may still be held). */
async function askB(upn: string, runId: string) {
  const user = userOf(upn);
  const events = await b.app.inject({
    method: 'GET',
    url: `/sync/v1/runs/${runId}/events`,
    headers: { authorization: await b.auth(user) },
    payloadAsStream: true,
  });
  const eventsStatus = events.statusCode;
  events.stream().destroy();
  return {
    run: (await call(b, user, 'GET', `/sync/v1/runs/${runId}`)).status,
    events: eventsStatus,
    cancel: (await call(b, user, 'POST', `/sync/v1/runs/${runId}/cancel`)).status,
  };
}

describe('a start answers the run id once every process finds the run (V9)', () => {
  test.each(Object.keys(STARTS))(
    '%s: B answers GET, events and cancel of the run right after the 202',
    async (kind) => {
      const upn = `early-${Object.keys(STARTS).indexOf(kind)}@contoso.com`;
      firstSave = new Gate();
      held = false;
      // The run's reads wait, so it is still running when B is asked (its cancel answers 202).
      const reads = new Gate();
      readGates.push(reads);
      a.bc.gate = reads;
      let answered = false;
      const post = STARTS[kind]!(upn).then((r) => {
        answered = true;
        return r;
      });
      await turns(100_000, () => firstSave.entered);
      expect(firstSave.entered).toBe(true);
      // The first save is held (a slow flushed commit): the answer waits for it.
      await turns(2_000, () => answered);
      const answeredWhileHeld = answered;
      // Asked as soon as the answer is out: while the save is held on main, after it with the fix.
      const atB = answered ? await askB(upn, (await post).runId) : null;
      firstSave.open();
      const started = await post;
      expect(started.status).toBe(202);
      const seen = atB ?? (await askB(upn, started.runId));
      reads.open();
      await ended(a, userOf(upn), started.runId);
      expect({ answeredWhileHeld, ...seen }).toEqual({
        answeredWhileHeld: false,
        run: 200,
        events: 200,
        cancel: 202,
      });
    },
  );
});
