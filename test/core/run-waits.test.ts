import { describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { takeCreateTurn } from '../../src/core/create-turn.js';
import type { ProgressEvent } from '../../src/core/executor.js';
import { silentLogger } from '../../src/core/ports.js';
import type { LeaseResult, SyncStateStore } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { progressWithWaits } from '../../src/core/run-wait-progress.js';
import { RunWaits, WAIT_REASONS } from '../../src/core/run-waits.js';
import type { WaitReason, WaitReporter } from '../../src/core/run-waits.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { resilientFetch } from '../../src/taskpane/api/resilient-fetch.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { BASE, graphErrorBody, scriptedGraph } from '../graph/scripted-graph.js';
import type { ScriptedReply } from '../graph/scripted-graph.js';
import { USER, World, person } from '../support/world.js';

// Brief waits: while a run waited on purpose (a 429's Retry-After, a backoff, the quota's pacing, a
// colleague's create turn) the pane showed progress with no reason. Every place a run waits reports
// through one WaitReporter (core/run-waits.ts), and the run's progress carries the wait open
// (ProgressEvent.waiting: reason and end) until it ends. One row per place that waits.

const START = '2026-12-07T10:42:00.000Z';
const BC_BASE = 'https://bc.example/api/v2.0';
const COMPANY = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const noSleep = async (): Promise<void> => undefined;

/** The answers a row's service gives, attempt by attempt (the last repeats). */
const seq = <T>(...answers: T[]) => {
  let i = 0;
  return (): T => answers[Math.min(i++, answers.length - 1)] as T;
};

const throttled = (seconds: string): ScriptedReply => ({
  status: 429,
  body: graphErrorBody('TooManyRequests', 'slow down'),
  headers: { 'Retry-After': seconds },
});
const unavailable: ScriptedReply = { status: 503, body: graphErrorBody('serviceNotAvailable', 'x') };
const noFolders: ScriptedReply = { status: 200, body: { value: [] } };

const mailboxOn = (route: () => ScriptedReply, waits: WaitReporter, extra: object = {}) =>
  new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 'token',
    sleep: noSleep,
    random: () => 0,
    now: () => Date.parse(START),
    fetch: scriptedGraph(route).fetch,
    waits,
    ...extra,
  });

/** A fetch answering JSON: `status` (with Retry-After `retryAfter` when given), `body` when 2xx. */
const jsonFetch = (next: () => { status: number; retryAfter?: string; body?: unknown }) =>
  (async (url: string, init?: RequestInit) => {
    const a = next();
    if (String(url).endsWith('/$batch')) {
      const { requests } = JSON.parse(String(init?.body)) as { requests: { id: string; body: object }[] };
      return Response.json({
        responses: requests.map((r, i) =>
          i === 1 && a.status !== 200
            ? { id: r.id, status: a.status, headers: { 'retry-after': a.retryAfter }, body: {} }
            : { id: r.id, status: 201, body: { ...r.body, id: `11111111-2222-4333-8444-00000000000${i}` } },
        ),
      });
    }
    return new Response(
      JSON.stringify(a.status < 300 ? (a.body ?? { value: [] }) : { error: { code: 'X' } }),
      {
        status: a.status,
        headers: {
          'content-type': 'application/json',
          ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}),
        },
      },
    );
  }) as unknown as typeof fetch;

const bcOn = (next: Parameters<typeof jsonFetch>[0], waits: WaitReporter, extra: object = {}) =>
  new HttpBcContacts({
    baseUrl: BC_BASE,
    companyId: COMPANY,
    getToken: async () => 'tok',
    fetch: jsonFetch(next),
    sleep: noSleep,
    random: () => 0,
    nowMs: () => Date.parse(START),
    waits,
    ...extra,
  });

/** A store whose create turn someone else holds for good. */
const turnHeldStore = (): SyncStateStore =>
  ({
    acquireLease: async (): Promise<LeaseResult> => ({
      ok: false,
      heldBy: { owner: 'colleague', expiresAt: START },
    }),
    releaseLease: async () => undefined,
    renewLease: async () => true,
  }) as unknown as SyncStateStore;

/** The pane's fetch over `next`, its waits by service as the pane wires them (taskpane/index.tsx). */
const paneFetch = (next: () => Response, waits: WaitReporter) =>
  resilientFetch(async () => next(), {
    sleep: noSleep,
    backoffMs: () => 1_500,
    waits,
    serviceOf: (url) => (url.includes('/graph/') ? 'outlook' : url.includes('/api/') ? 'bc' : 'sync'),
  });
const answer = (status: number, retryAfter?: string) => () =>
  new Response('{}', { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });

interface Row {
  readonly place: string;
  readonly reason: WaitReason;
  /** How long the wait is: its end is the run's clock then plus this. */
  readonly ms: number;
  readonly act: (waits: WaitReporter, clock: ManualClock) => Promise<unknown>;
}

const ROWS: readonly Row[] = [
  {
    place: 'Graph request answered 429 (transport retry, limiter pause)',
    reason: 'outlookThrottled',
    ms: 5_000,
    act: (w) => mailboxOn(seq(throttled('5'), noFolders), w).findFolder('Business Central'),
  },
  {
    place: 'Graph request answered 503: backoff',
    reason: 'outlookRetry',
    ms: 2_000,
    act: (w) => mailboxOn(seq(unavailable, noFolders), w, { retry: { baseDelayMs: 4_000 } }).findFolder('x'),
  },
  {
    place: 'Graph $batch item answered 429 (batch-runner)',
    reason: 'outlookThrottled',
    ms: 3_000,
    act: (w) => {
      let first = true;
      const mailbox = mailboxOn(() => {
        if (!first) return { status: 201, body: { id: 'c', changeKey: 'k' } };
        first = false;
        return throttled('3');
      }, w);
      return mailbox.create('f1', [outlookDraft(1), outlookDraft(2)]);
    },
  },
  {
    place: "Graph's quota pacer (a learned quota of 1 per 10 s)",
    reason: 'outlookPaced',
    ms: 10_000,
    act: async (w) => {
      const mailbox = mailboxOn(() => noFolders, w, { assumedQuota: { quota: 1, windowMs: 10_000 } });
      await mailbox.findFolder('a');
      await mailbox.findFolder('b');
    },
  },
  {
    place: 'BC request answered 429',
    reason: 'bcThrottled',
    ms: 2_000,
    act: (w) => bcOn(seq({ status: 429, retryAfter: '2' }, { status: 200 }), w).listAll(),
  },
  {
    place: 'BC request answered 503 with Retry-After (BC throttles with 503 too)',
    reason: 'bcThrottled',
    ms: 4_000,
    act: (w) => bcOn(seq({ status: 503, retryAfter: '4' }, { status: 200 }), w).listAll(),
  },
  {
    place: 'BC request answered 502: backoff',
    reason: 'bcRetry',
    ms: 2_000,
    act: (w) => bcOn(seq({ status: 502 }, { status: 200 }), w, { retry: { baseDelayMs: 4_000 } }).listAll(),
  },
  {
    place: 'BC $batch operation answered 429 (bc-batch)',
    reason: 'bcThrottled',
    ms: 3_000,
    act: (w) =>
      bcOn(seq({ status: 429, retryAfter: '3' }, { status: 200 }), w).create([bcDraft(0), bcDraft(1)]),
  },
  {
    place: 'sync API (the state store over HTTP) answered 429',
    reason: 'syncThrottled',
    ms: 2_000,
    act: (w) =>
      new HttpSyncStateStore({
        baseUrl: 'https://facade.test/sync/v1',
        getToken: () => 'tok',
        fetch: jsonFetch(seq({ status: 429, retryAfter: '2' }, { status: 200, body: { settings: null } })),
        sleep: noSleep,
        random: () => 0,
        waits: w,
      }).getSettings(USER),
  },
  {
    place: "pane fetch: Graph 429 (the pane's run)",
    reason: 'outlookThrottled',
    ms: 4_000,
    act: (w) => paneFetch(seq(answer(429, '4')(), answer(200)()), w)('https://x.test/graph/v1.0/me'),
  },
  {
    place: "pane fetch: BC 504, backoff (the pane's run)",
    reason: 'bcRetry',
    ms: 1_500,
    act: (w) => paneFetch(seq(answer(504)(), answer(200)()), w)('https://x.test/api/v2.0/companies'),
  },
  {
    place: "pane fetch: sync API 503 with Retry-After (the pane's run)",
    reason: 'syncThrottled',
    ms: 2_000,
    act: (w) => paneFetch(seq(answer(503, '2')(), answer(200)()), w)('https://x.test/sync/v1/settings'),
  },
  {
    place: "pane fetch: sync API 502, backoff (the pane's run)",
    reason: 'syncRetry',
    ms: 1_500,
    act: (w) => paneFetch(seq(answer(502)(), answer(200)()), w)('https://x.test/sync/v1/settings'),
  },
  {
    place: "the company's create turn, held by another run (create-turn.ts)",
    reason: 'createTurn',
    ms: 5_000,
    act: (w, clock) =>
      takeCreateTurn(
        { store: turnHeldStore(), clock, waits: w, pause: async (ms) => clock.advance(ms) },
        COMPANY,
        'me',
        5_000,
      ),
  },
];

describe('every deliberate wait of a run is on its progress: reason and end, cleared as it ends', () => {
  test.each(ROWS.map((r) => [r.place, r] as const))('%s', async (_, row) => {
    const clock = new ManualClock(START);
    const waits = new RunWaits(clock);
    const events: ProgressEvent[] = [];
    const progress = progressWithWaits((e) => events.push(e), waits);
    progress.onProgress({ phase: 'bc', done: 1, total: 2 });
    await row.act(waits, clock);
    progress.stop();
    const until = new Date(Date.parse(START) + row.ms).toISOString();
    // Said at least once (two requests sitting out one 429 may each say it), always as this wait.
    const waiting = events.filter((e) => e.waiting);
    expect(waiting.length).toBeGreaterThan(0);
    for (const e of waiting)
      expect(e).toEqual({ phase: 'bc', done: 1, total: 2, waiting: { reason: row.reason, until } });
    // Cleared once the run goes on: its latest event says no wait.
    expect(events.at(-1)).toEqual({ phase: 'bc', done: 1, total: 2 });
    expect(waits.current()).toBeNull();
  });

  test('every reason has a row', () => {
    expect(new Set(ROWS.map((r) => r.reason))).toEqual(new Set(WAIT_REASONS));
  });
});

describe('RunWaits', () => {
  test('waits under a second are not shown; overlapping ones show the one ending last, once each', () => {
    const clock = new ManualClock(START);
    const waits = new RunWaits(clock);
    const heard: unknown[] = [];
    waits.watch((w) => heard.push(w));
    waits.waiting('outlookRetry', 999)();
    expect(heard).toEqual([]);
    const a = waits.waiting('outlookThrottled', 5_000);
    // Three more requests sit out the same 429: no change to say.
    const same = [1, 2, 3].map(() => waits.waiting('outlookThrottled', 5_000));
    const b = waits.waiting('outlookPaced', 2_000);
    expect(heard).toEqual([{ reason: 'outlookThrottled', until: '2026-12-07T10:42:05.000Z' }]);
    a();
    same.forEach((end) => end());
    expect(heard.at(-1)).toEqual({ reason: 'outlookPaced', until: '2026-12-07T10:42:02.000Z' });
    b();
    b();
    expect(heard).toHaveLength(3);
    expect(heard.at(-1)).toBeNull();
  });
});

describe("a run's progress carries what its adapters report (core/run.ts with RunDeps.waits)", () => {
  test('a 429 met while reading shows on the reading event, then clears', async () => {
    const w = new World();
    await w.sync('full');
    w.bc.seed(person(1));
    const waits = new RunWaits(w.clock);
    // The mailbox's first call meets a 5 s throttle, as GraphMailbox reports it.
    let met = false;
    const mailbox = new Proxy(w.mailbox, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function' || met) return value;
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          // Only a call that goes to the service (a promise) meets it.
          if (met || !(out instanceof Promise)) return out;
          met = true;
          const end = waits.waiting('outlookThrottled', 5_000);
          return out.finally(end);
        };
      },
    });
    const events: ProgressEvent[] = [];
    const at = w.clock.now();
    const { record } = await runSync(
      { bc: w.bc, mailbox, store: w.store, clock: w.clock, logger: silentLogger, waits },
      { runId: 'run-w', userId: USER, mode: 'full', dryRun: false, trigger: 'pane' },
      { onProgress: (e) => events.push(e) },
    );
    expect(record.status).toBe('succeeded');
    const waiting = events.filter((e) => e.waiting);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting[0]?.waiting).toEqual({ reason: 'outlookThrottled', until: w.clock.shift(at, 5_000) });
    // The event after the wait has none, and nothing after says a wait.
    const after = events.slice(events.indexOf(waiting.at(-1) as ProgressEvent) + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.waiting === undefined)).toBe(true);
  });
});
