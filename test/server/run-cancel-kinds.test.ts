import { beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { silentLogger } from '../../src/core/ports.js';
import { HELD_WRITES } from '../../src/core/lease-keeper.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { call, ended, Gate, outlookIn, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { useTwoProcesses } from './two-processes.js';

/*
 * What a cancel does, for every kind of run and every place a cancel can be asked (docs/api.md
 * "Cancelling a run"): the run's next write is refused, it ends `cancelled`, and no Outlook or BC
 * write starts after the cancel's answer — the writes already out finish and are accounted as usual
 * (counted, linked). Found: a run of the pane's own engine (trigger `pane`, its state saved through
 * the sync API) was answered 202 and went on writing, and a run at another process went on until
 * that process's next poll of the mark (a second). Now the store refuses the run's next save of its
 * `running` record (the announce before every write call, F114) once a cancel is marked, and the
 * run stops there (CancelRequestedError). Two "processes" (facades A and B) on one memory store;
 * the run's writes are held by hand, no sleeps, no ticker beats (the mark's poll never runs).
 */

/** Contacts in BC: three Outlook create calls of 40, 40 and 20 (two in flight at once). */
const SEEDED = 100;
const two = useTwoProcesses(SEEDED);
const { store, gates } = two;
let a: SyncHarness;
let b: SyncHarness;
beforeAll(() => {
  ({ a, b } = two);
});

/**
 * Every Outlook and BC write call of `user`'s runs counted as it is called, and held at one gate
 * until the test opens it; `out(n)` resolves once `n` calls are out (both lanes of the run's
 * writes, GROUPS_IN_FLIGHT).
 */
function heldWrites(h: SyncHarness, user: string) {
  const gate = new Gate();
  gates.push(gate);
  let calls = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  const hold = <T extends object>(port: T, methods: readonly string[]) => {
    for (const name of methods) {
      const own = port as Record<string, unknown>;
      const write = own[name] as (...args: unknown[]) => Promise<unknown>;
      own[name] = async (...args: unknown[]) => {
        calls++;
        for (const w of waiting) if (calls >= w.n) w.resolve();
        await gate.promise;
        return write.apply(port, args);
      };
    }
  };
  // The contacts' writes (the folder's creation goes on: it is no contact).
  hold(h.mailbox(user), ['create', 'update', 'delete']);
  const bcCalls = () => calls;
  // BC writes: the shared BC side's, counted from here on (a BC-only plan writes none; a write
  // there after the answer would count).
  hold(h.bc, HELD_WRITES.bc);
  return {
    gate,
    calls: bcCalls,
    out: (n: number) =>
      new Promise<void>((resolve) => {
        if (calls >= n) resolve();
        else waiting.push({ n, resolve });
      }),
    restore: () => {
      // The BC side is shared: later cases hold it again.
      for (const name of HELD_WRITES.bc) delete (h.bc as unknown as Record<string, unknown>)[name];
    },
  };
}

/** A running run of one kind, started at A: its id, its end, and its own way to be cancelled. */
interface Started {
  /** Known once the run's writes are out. */
  readonly runId: () => string;
  readonly end: Promise<RunRecord>;
  /** The pane's Cancel button (the pane's engine only). */
  readonly paneCancel?: () => void;
}

type Kind = 'pane engine' | 'server run from the pane' | 'api' | 'schedule' | 'cli';

const KINDS: Record<Kind, (user: string) => Promise<Started>> = {
  // The pane's engine (pane-engine.ts): core in the browser, its state over facade A's sync API,
  // Cancel a flag, and a cancel the facade made known stops it as Cancel does (pane-runner.ts).
  'pane engine': async (user) => {
    let cancelled = false;
    const token = (await a.auth(user)).replace(/^Bearer /, '');
    const state = new HttpSyncStateStore({
      baseUrl: 'http://127.0.0.1/sync/v1',
      getToken: () => token,
      fetch: injectFetch(a.app),
    });
    const runId = `pane-${user.slice(-8)}`;
    const end = runSync(
      { bc: a.bc, mailbox: a.mailbox(user), store: state, clock: a.clock, logger: silentLogger },
      { runId, userId: user, mode: 'full', dryRun: false, trigger: 'pane' },
      { cancel: { isCancelled: () => cancelled }, onCancelRequested: () => (cancelled = true) },
    ).then((o) => o.record);
    return { runId: () => runId, end, paneCancel: () => (cancelled = true) };
  },
  // The pane's fallback (server-runner.ts): the facade runs the engine; its Cancel is the API's.
  'server run from the pane': async (user) => started(user, 'pane'),
  api: async (user) => started(user, 'api'),
  // The scheduler's job and the CLI's run in the server's process: RunManager.runNow.
  schedule: async (user) => runNow(user, 'schedule'),
  cli: async (user) => runNow(user, 'cli'),
};

async function started(user: string, trigger: 'pane' | 'api'): Promise<Started> {
  const r = await call(a, user, 'POST', '/sync/v1/runs', { mode: 'full', trigger });
  expect(r.status).toBe(202);
  const runId = r.body.run.id as string;
  return { runId: () => runId, end: ended(a, user, runId) };
}

async function runNow(user: string, trigger: 'schedule' | 'cli'): Promise<Started> {
  const end = a.manager.runNow(user, { mode: 'full', trigger }).then((o) => o.record);
  return { runId: () => a.manager.activeFor(user, DEFAULT_SETTINGS.folderName)!.record.id, end };
}

type Place = 'API at the process running it' | 'API at another process' | "the pane's Cancel";

/** Asks the cancel; resolves with the answer's status once it is answered. */
const PLACES: Record<Place, (user: string, run: Started) => Promise<number>> = {
  'API at the process running it': async (user, run) =>
    (await call(a, user, 'POST', `/sync/v1/runs/${run.runId()}/cancel`)).status,
  'API at another process': async (user, run) =>
    (await call(b, user, 'POST', `/sync/v1/runs/${run.runId()}/cancel`)).status,
  "the pane's Cancel": async (_user, run) => {
    run.paneCancel!();
    return 202;
  },
};

const CASES: [Kind, Place][] = [
  ['pane engine', 'API at the process running it'],
  ['pane engine', 'API at another process'],
  ['pane engine', "the pane's Cancel"],
  ['server run from the pane', 'API at the process running it'],
  ['server run from the pane', 'API at another process'],
  ['api', 'API at the process running it'],
  ['api', 'API at another process'],
  ['schedule', 'API at the process running it'],
  ['schedule', 'API at another process'],
  ['cli', 'API at the process running it'],
  ['cli', 'API at another process'],
];

/** One case: the run held with two write calls out, cancelled, then let go. */
async function cancelledWhileWriting(kind: Kind, place: Place, n: number) {
  const user = userOf(`cancel-kind-${n}@contoso.com`);
  a.clock.advance(60_000);
  const writes = heldWrites(a, user);
  const run = await KINDS[kind](user);
  // Both lanes' calls are out: what the run sent before the cancel.
  await writes.out(2);
  const runId = run.runId();
  const status = await PLACES[place](user, run);
  const outAtAnswer = writes.calls();
  writes.gate.open();
  const record = await run.end;
  writes.restore();
  const links = await store.countLinks({ userId: user, folderId: record.folderId! });
  return {
    status,
    runStatus: record.status,
    writesAfterAnswer: writes.calls() - outAtAnswer,
    // What was out is accounted as usual: counted, linked, in the folder.
    created: record.counts.outlook.created,
    links,
    inOutlook: outlookIn(a, user).length,
    stored: (await store.getRun(user, runId))?.status,
  };
}

describe('a cancel stops every kind of run wherever it is asked', () => {
  test.each(CASES.map(([k, p], i) => [k, p, i] as const))(
    '%s, cancelled by %s: ends cancelled, no write after the answer',
    async (kind, place, i) => {
      const got = await cancelledWhileWriting(kind, place, i);
      // The two calls out (40 creates each) finish; the third (20) never goes out.
      expect(got).toEqual({
        status: 202,
        runStatus: 'cancelled',
        writesAfterAnswer: 0,
        created: 80,
        links: 80,
        inOutlook: 80,
        stored: 'cancelled',
      });
    },
  );

  // Where nothing can be stopped the answer says so (4xx with a code), never 202. A dry run of
  // another process was one (it stored no record: 404); since review V3 its record is stored and
  // its cancel is marked as any run's (202); it writes nothing, so it ends as it would.
  test('a DELETE of a run is refused, never 202; a dry run of another process is marked (202)', async () => {
    const cases: Record<string, unknown> = {};
    for (const [name, dryRun, method, at] of [
      ['DELETE of a running run', false, 'DELETE', a],
      ['cancel of a dry run at another process', true, 'POST', b],
    ] as const) {
      const user = userOf(`cancel-refused-${dryRun ? 'dry' : 'delete'}@contoso.com`);
      const gate = new Gate();
      gates.push(gate);
      a.bc.gate = gate;
      a.clock.advance(60_000);
      const r = await call(a, user, 'POST', '/sync/v1/runs', { mode: 'full', dryRun });
      expect(r.status).toBe(202);
      const runId = r.body.run.id as string;
      const end = ended(a, user, runId);
      const url = `/sync/v1/runs/${runId}${method === 'POST' ? '/cancel' : ''}`;
      const c = await call(at, user, method, url);
      gate.open();
      cases[name] = { status: c.status, code: c.body.error?.code, ended: (await end).status };
    }
    expect(cases).toEqual({
      'DELETE of a running run': { status: 404, code: 'BadRequest_NotFound', ended: 'succeeded' },
      'cancel of a dry run at another process': { status: 202, code: undefined, ended: 'succeeded' },
    });
  });

  test('the named example: a run of the pane’s own engine cancelled through the sync API stops before its next write', async () => {
    const got = await cancelledWhileWriting('pane engine', 'API at another process', CASES.length);
    expect(got.status).toBe(202);
    expect(got.runStatus).toBe('cancelled');
    expect(got.writesAfterAnswer).toBe(0);
    expect(got.inOutlook).toBeLessThan(SEEDED);
  });
});
