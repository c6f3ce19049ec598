import { afterAll, beforeAll, expect } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import type { TestIssuer } from '../../src/emulator/index.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { QuotaPacer } from '../../src/graph/quota-pacer.js';
import type { PacedCalls } from '../../src/graph/quota-pacer.js';
import type { QuotaBudgets } from '../../src/graph/quota-pacer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import type { SyncMode } from '../../src/core/records.js';
import { virtualClock } from '../support/virtual-clock.js';
import { person } from '../support/world.js';

// The Graph emulator with a mailbox quota (a sliding window: each $batch item admitted or answered
// 429 with Retry-After) on a virtual clock, and the hosts' mailboxes over it, for the paced runs of
// paced-hosts and paced-at-once. Nothing sleeps: the emulator and the hosts wait on one virtual clock,
// which moves only when every piece of work waits on a timer (a hang is "stuck", not a timeout).

type Json = Record<string, unknown>;

/** The pacer's bookings: the answers it counts as admitted calls. */
export class CountingPacer extends QuotaPacer {
  booked = 0;
  override settle(calls: PacedCalls, admitted: readonly boolean[] = []): void {
    // Calls still pending are booked now: once each (a lost answer counts as admitted).
    this.booked += calls.filter((c, i) => c.at === Infinity && admitted[i] !== false).length;
    super.settle(calls, admitted);
  }
}

/** What Graph answered one host's mailbox: items admitted (not 429), 429s, and delta pages sent as items. */
export interface Tally {
  admitted: number;
  throttled: number;
  /** Delta page reads sent as items of a $batch envelope of writes (none: graph-delta.ts). */
  deltaInWrites: number;
}

/**
 * Items Graph admitted (answered other than 429), envelopes' items counted one by one; `sent` is
 * told of each request as it goes (its URL and body).
 */
function countingFetch(inner: typeof fetch, sent?: (url: string, body: string | undefined) => void) {
  const tally: Tally = { admitted: 0, throttled: 0, deltaInWrites: 0 };
  const count = (status: number) => (status === 429 ? tally.throttled++ : tally.admitted++);
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    sent?.(url, typeof init?.body === 'string' ? init.body : undefined);
    const batch = new URL(url).pathname.endsWith('/$batch');
    if (batch && typeof init?.body === 'string') {
      const items = (JSON.parse(init.body) as { requests: { method: string; url: string }[] }).requests;
      // A delta read in an envelope of writes; one beside other reads only (a run's first read of
      // its folder and delta) is a batch of reads, counted apart from the writes.
      if (items.some((i) => i.method !== 'GET'))
        tally.deltaInWrites += items.filter((i) => i.method === 'GET' && i.url.includes('/delta')).length;
    }
    const res = await inner(input, init);
    if (!batch || res.status !== 200) {
      count(res.status);
      return res;
    }
    const body = (await res.json()) as { responses?: Json[] };
    for (const r of body.responses ?? []) count(Number(r.status));
    return Response.json(body, { status: res.status, headers: res.headers });
  };
  return { fetch: wrapped as typeof fetch, tally };
}

/** The emulator paced at `quota` calls per `windowMs` of the virtual clock, warmed up. */
async function pacedEmulator(quota: number, windowMs: number) {
  const vc = virtualClock();
  let idleMax = 0;
  /** vc.drive, with up to 200,000 setImmediate turns of patience when no timer is pending (counted). */
  async function drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => undefined);
    for (;;) {
      let idle = 0;
      while (!done && idle < 200_000) {
        await new Promise((r) => setImmediate(r));
        idle++;
        if (idle >= 8 && vc.pending() > 0) break;
      }
      if (done) return result;
      idleMax = Math.max(idleMax, idle);
      if (!vc.wakeNext()) throw new Error(`stuck after ${idle} turns`);
    }
  }
  const issuer: TestIssuer = await createTestIssuer();
  const { app: emulator }: { app: FastifyInstance } = await startableGraphEmulator({
    auth: issuer.auth,
    now: () => 1_767_000_000_000 + vc.now(),
    sleep: vc.sleep,
    throttling: { quota, windowMs },
    shuffleBatchResponses: false,
  });
  await emulator.ready();
  // First uses load modules and import the issuer's key (I/O, thread-pool work): done here, outside
  // the virtual clock's drive, which counts only setImmediate turns as work.
  const warmToken = await issuer.userToken('5b0c6f1e-5555-4000-8000-000000000000', 'warm@contoso.test', {
    scopes: ['Contacts.ReadWrite'],
  });
  const warm = new GraphMailbox({
    baseUrl: 'http://graph.test/v1.0',
    mailbox: { kind: 'me' },
    getToken: async () => warmToken,
    sleep: async () => undefined,
    fetch: injectFetch(emulator) as typeof fetch,
  });
  const folder = await warm.ensureFolder('Business Central');
  const bc = new MemoryBcContacts(new ManualClock('2026-03-01T08:00:00.000Z'));
  bc.seed(person(1));
  const warmRun = await runSync(
    { bc, mailbox: warm, store: new MemorySyncStateStore(), clock: new ManualClock(), logger: silentLogger },
    { runId: 'warm', userId: 'warm', mode: 'full', dryRun: false, trigger: 'pane' },
  );
  if (warmRun.record.status !== 'succeeded' || (await warm.listContacts(folder.id)).length !== 1)
    throw new Error('the warm-up run did not sync its one contact');

  /**
   * A host's mailbox for the user signed in as `token`: its own budgets (`pacer`: one per host and
   * mailbox, kept across its runs), and what Graph answered it (`tally`); `sent` sees each request.
   */
  const hostMailbox = (
    token: string,
    pacer: QuotaPacer,
    sent?: (url: string, body: string | undefined) => void,
  ) => {
    const counted = countingFetch(injectFetch(emulator) as typeof fetch, sent);
    const mailbox = new GraphMailbox({
      baseUrl: 'http://graph.test/v1.0',
      mailbox: { kind: 'me' },
      getToken: async () => token,
      sleep: vc.sleep,
      now: vc.now,
      random: () => 0.5,
      fetch: counted.fetch,
      quotaBudgets: { of: () => pacer } as unknown as QuotaBudgets,
    });
    return { mailbox, tally: counted.tally };
  };
  return {
    vc,
    drive,
    hostMailbox,
    userToken: (oid: string, upn: string) => issuer.userToken(oid, upn, { scopes: ['Contacts.ReadWrite'] }),
    idleMax: () => idleMax,
    close: () => emulator.close(),
  };
}

type PacedWorld = Awaited<ReturnType<typeof pacedEmulator>>;

/**
 * `pacedEmulator` for the whole test file: started before its first test, closed after its last.
 * The most idle turns the virtual clock met is printed only with PACED_REPORT=1 (a tuning figure).
 */
export function pacedEmulatorPerFile(quota: number, windowMs: number): () => PacedWorld {
  let world: PacedWorld | undefined;
  beforeAll(async () => {
    world = await pacedEmulator(quota, windowMs);
  });
  afterAll(async () => {
    await world?.close();
    if (process.env.PACED_REPORT === '1') process.stdout.write(`idle turns at most: ${world?.idleMax()}\n`);
  });
  return () => {
    if (world === undefined) throw new Error('pacedEmulatorPerFile: used outside a test');
    return world;
  };
}

/** One user's sync state, BC and BC ids (`ids` grows as the test adds contacts). */
interface PacedUser {
  readonly token: string;
  readonly userId: string;
  readonly bc: MemoryBcContacts;
  readonly store: MemorySyncStateStore;
  readonly clock: ManualClock;
  readonly ids: readonly string[];
}

/**
 * Runs of `user`'s sync on the pane's host or the scheduler's (each its own pacer), each 10 minutes
 * after the last: checks the run succeeded, its host's pacer booked exactly the items Graph admitted
 * it, no delta page went in an envelope of writes (issue 12: items per contact written), and the
 * folder holds each BC contact once; answers the run's Graph tally.
 */
export function twoHostRuns(world: PacedWorld, user: PacedUser) {
  const pacers = { pane: new CountingPacer(world.vc.now), schedule: new CountingPacer(world.vc.now) };
  let runs = 0;
  return async (host: 'pane' | 'schedule', mode: SyncMode): Promise<Tally> => {
    const { mailbox, tally } = world.hostMailbox(user.token, pacers[host]);
    const booked = pacers[host].booked;
    user.clock.advance(10 * 60_000);
    const outcome = await world.drive(
      runSync(
        { bc: user.bc, mailbox, store: user.store, clock: user.clock, logger: silentLogger },
        { runId: `${host}-${++runs}`, userId: user.userId, mode, dryRun: false, trigger: host },
      ),
    );
    const { status, errors } = outcome.record;
    expect({ host, status, errors }).toEqual({ host, status: 'succeeded', errors: [] });
    expect({ host, booked: pacers[host].booked - booked }).toEqual({ host, booked: tally.admitted });
    expect({ host, deltaInWrites: tally.deltaInWrites }).toEqual({ host, deltaInWrites: 0 });
    const folder = (await mailbox.findFolder('Business Central'))!;
    const outlook = await world.drive(mailbox.listContacts(folder.id));
    expect(outlook.map((o) => o.bcId).sort()).toEqual([...user.ids].sort());
    return tally;
  };
}
