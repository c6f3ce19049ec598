import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_WRITE_SETTLE_MS, announcedKeepMs } from '../../src/core/lease.js';
import type { OutlookContactDraft } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import { LeaseKeepingStore, leaveOnClose } from '../../src/taskpane/engine/leave-on-close.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { markDeadRunsInterrupted } from '../../src/store/interrupted-runs.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { person } from '../support/world.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { ANN, Gate, call, ended, outlookIn, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Brief cancelkeep: every way a run stops while a write it sent may still land keeps the folder's
// lease until that write can no longer land (writeSettleMs, 65 s at the defaults); a stop with no
// write in flight frees it at once (users cancel often). Before, only a closing pane (pagehide)
// kept it: a Sync right after a Cancel made the contact again whose aborted create landed late.
// Each row stops a run its way at the first Outlook create (sent, never answered) or while BC is
// read (nothing sent), and states when the user's next sync (a scheduled run) may start: refused
// one second before, started then, and one Outlook contact in the end whatever landed late.

const BASE = 'http://localhost/sync/v1';

/** The user's mailbox's first create: sent, then aborted (it may still land, `land`). */
function holdFirstCreate(h: SyncHarness) {
  const m = h.mailbox(ANN);
  const create = m.create.bind(m);
  let onSent!: () => void;
  const sent = new Promise<void>((resolve) => (onSent = resolve));
  let aborted: () => void = () => undefined;
  let landing: () => Promise<void> = async () => undefined;
  m.create = (folderId: string, drafts: readonly OutlookContactDraft[]) => {
    m.create = create;
    landing = async () => void (await create(folderId, drafts));
    onSent();
    // As a request Cancel's signal aborted: the run is told no answer, the server may apply it.
    return new Promise((_, reject) => (aborted = () => reject(new Error('The operation was aborted.'))));
  };
  return { sent, abort: () => aborted(), land: () => landing() };
}

/** Where the run is stopped: `reached` once there; `release` lets its held call go on (aborted or read). */
interface At {
  readonly reached: Promise<void>;
  readonly release: () => void;
  readonly inFlight: boolean;
}

interface Stop {
  /** Starts a run, stops it its way once `at` says, and resolves when the stop is over. */
  readonly stop: (h: SyncHarness, at: At) => Promise<void>;
  /** When the next sync may start, after a stop with a write in flight and after one with none. */
  readonly inFlightMs: number;
  readonly noneMs: number;
  /** The process stops too: the next sync is a new process's (its manager on the same store). */
  readonly restarts?: true;
}

/** A run of the pane's engine over the sync API, as the pane runs it. */
async function paneRun(h: SyncHarness, stopped: () => boolean) {
  const bearer = (await h.auth(ANN)).slice('Bearer '.length);
  const send = injectFetch(h.app);
  const store = new LeaseKeepingStore({ baseUrl: BASE, getToken: async () => bearer, fetch: send });
  const run = runSync(
    { bc: h.bc, mailbox: h.mailbox(ANN), store, clock: h.clock, logger: silentLogger },
    { runId: 'pane-run', userId: ANN, mode: 'full', dryRun: false, trigger: 'pane' },
    { cancel: { isCancelled: stopped } },
  );
  return { run, store, bearer, send };
}

/**
 * Where the stop lets go with a keep that never cuts one short (a pane's release, a shutdown's), the
 * save announcing the create, at the stop's very moment here, keeps the folder longer than the
 * stop's settle: a write goes out up to IN_TURN_FRESH_MS after such a save (announced-keep.ts).
 */
const SAVE_KEEP_MS = announcedKeepMs(DEFAULT_WRITE_SETTLE_MS);

const STOPS: Record<string, Stop> = {
  'the pane’s Cancel': {
    stop: async (h, at) => {
      let stopped = false;
      const { run } = await paneRun(h, () => stopped);
      await at.reached;
      stopped = true;
      at.release();
      expect((await run).record.status).toBe('cancelled');
    },
    inFlightMs: SAVE_KEEP_MS,
    noneMs: 0,
  },
  'the pane closed (pagehide)': {
    stop: async (h, at) => {
      let stopped = false;
      const { run, store, bearer, send } = await paneRun(h, () => stopped);
      void run.catch(() => undefined);
      await at.reached;
      const page = new EventTarget();
      const answers: Promise<Response>[] = [];
      const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
        const answer = send(input, init);
        answers.push(answer);
        return answer;
      }) as typeof globalThis.fetch;
      leaveOnClose({ page, base: BASE, store, token: () => bearer, stop: () => (stopped = true), fetch });
      page.dispatchEvent(new Event('pagehide'));
      await Promise.all(answers);
      at.release();
      await run.catch(() => undefined);
    },
    // The page cannot wait to know: its calls are cut, so every pagehide keeps (122632e2).
    inFlightMs: SAVE_KEEP_MS,
    noneMs: DEFAULT_WRITE_SETTLE_MS,
  },
  'the sync API’s cancel': {
    stop: async (h, at) => {
      const started = await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' });
      expect(started.status).toBe(202);
      const id = started.body.run.id as string;
      await at.reached;
      expect((await call(h, ANN, 'POST', `/sync/v1/runs/${id}/cancel`)).status).toBe(202);
      at.release();
      expect((await ended(h, ANN, id)).status).toBe('cancelled');
    },
    inFlightMs: DEFAULT_WRITE_SETTLE_MS,
    noneMs: 0,
  },
  'a cancel in the process (CLI Ctrl-C, scheduler)': {
    stop: async (h, at) => {
      const run = h.manager.runNow(ANN, { mode: 'full', trigger: 'cli' });
      await at.reached;
      const id = h.manager.listRecent(ANN)[0]!.record.id;
      h.manager.cancel(ANN, id);
      at.release();
      expect((await run).record.status).toBe('cancelled');
      // Not dead to the reaper while its writes may land (RunManager.endedHere).
      expect(h.manager.endedHere(id)).toBe(!at.inFlight);
    },
    inFlightMs: DEFAULT_WRITE_SETTLE_MS,
    noneMs: 0,
  },
  'a shutdown (SIGTERM)': {
    stop: async (h, at) => {
      const run = h.manager.runNow(ANN, { mode: 'full', trigger: 'schedule' });
      await at.reached;
      const closing = h.manager.close();
      at.release();
      expect((await run).record.status).toBe('interrupted');
      await closing;
    },
    inFlightMs: SAVE_KEEP_MS,
    noneMs: 0,
    restarts: true,
  },
};

describe('a stopped run keeps its folder while a write it sent may land, and only then', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await syncHarness();
    h.bc.seed(person(1));
  });
  afterEach(() => h.close());

  const rows = Object.entries(STOPS).flatMap(([name, s]) => [
    [name, 'a create in flight', s.inFlightMs, true] as const,
    [name, 'nothing in flight', s.noneMs, false] as const,
  ]);
  test.each(rows)('%s, %s: the next sync starts %d ms after, not before', async (name, _, ms, inFlight) => {
    const stop = STOPS[name]!;
    const held = inFlight ? holdFirstCreate(h) : null;
    const gate = new Gate();
    if (!inFlight) h.bc.gate = gate;
    const reached =
      held?.sent ??
      (async () => {
        while (!gate.entered) await new Promise((resolve) => setImmediate(resolve));
      })();
    await stop.stop(h, { reached, release: held ? held.abort : () => gate.open(), inFlight });
    // After a shutdown, a restarted process's manager (this one refuses new runs).
    const next = stop.restarts
      ? new RunManager({ store: h.store, env: h.env, clock: h.clock, logger: silentLogger })
      : h.manager;
    const start = () =>
      next.runNow(ANN, { mode: 'full', trigger: 'schedule' }).then(
        (o) => o.record.status as string,
        (e: unknown) => (e as Error).name,
      );
    if (ms > 0 && !stop.restarts) {
      // The user's Sync at once is told why and until when (the pane words it: runSettling).
      const refused = await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' });
      expect([refused.status, refused.body.error.reason]).toMatchObject([
        409,
        { settling: true, until: expect.any(String) },
      ]);
    }
    if (ms > 0) {
      h.clock.advance(ms - 1_000);
      expect(await start()).toBe('RunAlreadyActiveError');
      // The aborted create lands late, inside the window.
      await held?.land();
      h.clock.advance(1_000);
    }
    expect(await start()).toBe('succeeded');
    expect(outlookIn(h, ANN)).toHaveLength(1);
    if (next !== h.manager) await next.close();
  });
});

// Audit 1: the shutdown row above restarts in the same process and never sweeps. A real restart's
// first sweep (run-reaper.ts) found the old process dead and freed the kept lease: the next Sync
// started at once, the late create landed, and the Sync after it made a second copy.
describe('a restart keeps the lease a shutdown kept (the sweep and the acquire find the old process dead)', () => {
  const HOST = 'build-7/boot-a';
  const OLD = 4242;
  const NEW = 1000;
  let db: Db;
  beforeEach(async () => {
    db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  });
  afterEach(() => db.close());

  test('a shutdown with a create in flight, a restart, Sync: one Outlook contact', async () => {
    const before = new SqlSyncStateStore(db, { self: { host: HOST, pid: OLD }, alive: () => true });
    const h = await syncHarness({ store: before });
    try {
      h.bc.seed(person(1));
      const held = holdFirstCreate(h);
      await STOPS['a shutdown (SIGTERM)']!.stop(h, {
        reached: held.sent,
        release: held.abort,
        inFlight: true,
      });
      // The restarted process: the old one is dead; its first sweep runs before any sync.
      const here = { self: { host: HOST, pid: NEW }, alive: (pid: number) => pid !== OLD };
      const after = new SqlSyncStateStore(db, here);
      await markDeadRunsInterrupted(db, here, h.clock.now(), undefined, DEFAULT_WRITE_SETTLE_MS);
      const next = new RunManager({ store: after, env: h.env, clock: h.clock, logger: silentLogger });
      const start = () =>
        next.runNow(ANN, { mode: 'full', trigger: 'schedule' }).then(
          (o) => o.record.status as string,
          (e: unknown) => (e as Error).name,
        );
      expect(await start()).toBe('RunAlreadyActiveError');
      await held.land();
      h.clock.advance(SAVE_KEEP_MS);
      await markDeadRunsInterrupted(db, here, h.clock.now(), undefined, DEFAULT_WRITE_SETTLE_MS);
      expect(await start()).toBe('succeeded');
      expect(await start()).toBe('succeeded');
      expect(outlookIn(h, ANN)).toHaveLength(1);
      await next.close();
    } finally {
      await h.close();
    }
  });
});
