import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import type { TestIssuer } from '../../src/emulator/index.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import type { QuotaBudgets } from '../../src/graph/quota-pacer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { virtualClock } from '../support/virtual-clock.js';
import { person } from '../support/world.js';
import { CountingPacer } from './held-graph.js';

// Lead's list, item 2 (in part): runs paced by a quota far below a first sync's writes (the
// emulator's sliding window, each $batch item admitted or answered 429 with Retry-After), so each
// host's pacer learns the quota from 429s, with 420 then 300 writes (enough for EchoRound.tail to
// be asked; no page rode in these runs though, so GraphTransport.ride is not covered), on two hosts of
// one user (the pane's and the scheduler's: each its own pacer, one sync state), one after the
// other both ways. Nothing sleeps: the emulator and both hosts wait on one virtual clock, which
// moves only when every piece of work waits on a timer (a hang is "stuck", not a timeout). After
// each run: it succeeded, every BC contact is in Outlook exactly once, and the host's pacer booked
// each item Graph admitted once (Graph's 429s are not booked; test/graph/rider-quota.test.ts).

const QUOTA = 120;
const WINDOW_MS = 10_000;

let issuer: TestIssuer;
let emulator: FastifyInstance;
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

beforeAll(async () => {
  issuer = await createTestIssuer();
  ({ app: emulator } = await startableGraphEmulator({
    auth: issuer.auth,
    now: () => 1_767_000_000_000 + vc.now(),
    sleep: vc.sleep,
    throttling: { quota: QUOTA, windowMs: WINDOW_MS },
    shuffleBatchResponses: false,
  }));
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
  expect(warmRun.record.status).toBe('succeeded');
  expect(await warm.listContacts(folder.id)).toHaveLength(1);
});
afterAll(async () => {
  await emulator.close();
  process.stdout.write(`idle turns at most: ${idleMax}\n`);
});

type Json = Record<string, unknown>;

/** Items Graph admitted (answered other than 429), envelopes' items counted one by one. */
function countingFetch(inner: typeof fetch) {
  const tally = { admitted: 0, throttled: 0 };
  const count = (status: number) => (status === 429 ? tally.throttled++ : tally.admitted++);
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const res = await inner(input, init);
    if (!new URL(url).pathname.endsWith('/$batch') || res.status !== 200) {
      count(res.status);
      return res;
    }
    const body = (await res.json()) as { responses?: Json[] };
    for (const r of body.responses ?? []) count(Number(r.status));
    return Response.json(body, { status: res.status, headers: res.headers });
  };
  return { fetch: wrapped as typeof fetch, tally };
}

describe('paced runs on two hosts, each learning the quota from 429s (virtual clock)', () => {
  test.each([
    ['pane then schedule', ['pane', 'schedule', 'pane']],
    ['schedule then pane', ['schedule', 'pane', 'schedule']],
  ] as const)(
    '%s: no hang, each admitted item booked once, every contact once',
    async (_name, hosts) => {
      const n = hosts[0] === 'pane' ? 1 : 2;
      const clock = new ManualClock('2026-03-01T08:00:00.000Z');
      const bc = new MemoryBcContacts(clock);
      const store = new MemorySyncStateStore();
      const ids = Array.from({ length: 420 }, (_, k) => bc.seed(person(n * 1000 + k)).id);
      const pacers = { pane: new CountingPacer(vc.now), schedule: new CountingPacer(vc.now) };
      const oid = `5b0c6f1e-5555-4000-8000-${String(n).padStart(12, '0')}`;
      let runs = 0;
      // Signed once, outside the virtual clock's drive (signing waits on the thread pool).
      const token = await issuer.userToken(oid, `paced${n}@contoso.test`, { scopes: ['Contacts.ReadWrite'] });
      const run = async (host: 'pane' | 'schedule', mode: SyncMode) => {
        const counted = countingFetch(injectFetch(emulator) as typeof fetch);
        const booked = pacers[host].booked;
        const mailbox = new GraphMailbox({
          baseUrl: 'http://graph.test/v1.0',
          mailbox: { kind: 'me' },
          getToken: async () => token,
          sleep: vc.sleep,
          now: vc.now,
          random: () => 0.5,
          fetch: counted.fetch,
          // The host's own budgets (one pacer per host and mailbox, kept across its runs).
          quotaBudgets: { of: () => pacers[host] } as unknown as QuotaBudgets,
        });
        clock.advance(10 * 60_000);
        const outcome = await drive(
          runSync(
            { bc, mailbox, store, clock, logger: silentLogger },
            {
              runId: `${host}-${++runs}`,
              userId: `paced${n}`,
              mode,
              dryRun: false,
              trigger: host === 'pane' ? 'pane' : 'schedule',
            },
          ),
        );
        expect({ host, status: outcome.record.status, errors: outcome.record.errors }).toEqual({
          host,
          status: 'succeeded',
          errors: [],
        });
        expect({ host, booked: pacers[host].booked - booked }).toEqual({
          host,
          booked: counted.tally.admitted,
        });
        const folder = (await mailbox.findFolder('Business Central'))!;
        const outlook = await drive(mailbox.listContacts(folder.id));
        expect(outlook.map((o) => o.bcId).sort()).toEqual([...ids].sort());
        return counted.tally;
      };

      const first = await run(hosts[0], 'full');
      // The quota was met and learned: Graph answered 429s on the way.
      expect(first.throttled).toBeGreaterThan(0);
      // Not asserted: no echo page rode in these runs' envelopes (a count of GET .../delta items in the envelopes was 0); why
      // EchoRound.tail did not start here is open (the helper's report).
      // Changes for the next hosts: new BC contacts and edits, enough for the echo round to ride.
      for (let k = 0; k < 300; k++) ids.push(bc.seed(person(n * 1000 + 500 + k)).id);
      for (const id of ids.slice(0, 20)) bc.edit(id, { jobTitle: `edited ${n}` });
      await run(hosts[1], 'delta');
      for (let k = 0; k < 10; k++) ids.push(bc.seed(person(n * 1000 + 900 + k)).id);
      await run(hosts[2], 'delta');
    },
    600_000,
  );
});
