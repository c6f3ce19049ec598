import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/index.js';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import type { GraphEmulator, StandaloneEmulator, TestIssuer } from '../../src/emulator/index.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { withDeadline } from '../../src/platform/deadline.js';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import { DEFAULT_WRITE_SETTLE_MS, announcedKeepMs } from '../../src/core/lease.js';
import { RunAlreadyActiveError } from '../../src/server/sync/run-manager-types.js';
import type { RunIo } from '../../src/server/sync/run-manager.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { person } from '../support/world.js';

// Issue 9 §3: every outbound call ends, a lost answer behaves like a dropped connection on the
// HTTP and the in-process path, and Cancel aborts requests in flight.

const OID = '11111111-aaaa-4000-8000-000000000001';
const UPN = 'ann@contoso.test';

/** A server that takes a request and never answers; it only notices its caller giving up. */
function hangingFetch(onEnter: (method: string) => void = () => undefined): typeof fetch {
  return (_input, init) =>
    new Promise<Response>((_resolve, reject) => {
      onEnter(init?.method ?? 'GET');
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error), { once: true });
    });
}

let emu: StandaloneEmulator;
let emulator: GraphEmulator;
let issuer: TestIssuer;
let origin: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  emu = await startableGraphEmulator({ auth: issuer.auth, graphPrefix: '/graph/v1.0' });
  emulator = emu.emulator;
  origin = await emu.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await emu.app.close();
});

const paths = [
  {
    path: 'HTTP (loopback)',
    baseUrl: () => `${origin}/graph/v1.0`,
    fetch: (): typeof fetch | undefined => undefined,
  },
  {
    path: 'in-process (inject)',
    baseUrl: () => 'http://facade.internal/graph/v1.0',
    fetch: (): typeof fetch | undefined => injectFetch(emu.app),
  },
];

describe.each(paths)('a lost answer on the $path path', (p) => {
  const mailbox = (signal?: AbortSignal) =>
    new GraphMailbox({
      baseUrl: p.baseUrl(),
      mailbox: { kind: 'me' },
      getToken: () => issuer.userToken(OID, UPN),
      sleep: async () => undefined,
      ...(p.fetch() ? { fetch: p.fetch() as typeof fetch } : {}),
      ...(signal ? { signal } : {}),
    });

  test('a raw request whose answer is cut off fails like a dropped connection', async () => {
    const m = mailbox();
    const folder = await m.ensureFolder(`Lost raw ${p.path}`);
    emulator.updateConfig({ faults: { script: [{ match: { method: 'POST' }, fault: 'lostResponse' }] } });
    const doFetch = p.fetch() ?? fetch;
    const url = `${p.baseUrl()}/me/contactFolders/${folder.id}/contacts`;
    await expect(
      doFetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await issuer.userToken(OID, UPN)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ givenName: 'Lost' }),
      }).then((answer) => answer.text()),
    ).rejects.toThrow();
    // It was applied all the same: only the answer was lost.
    const names = (await m.listContacts(folder.id)).map((c) => c.displayName || c.givenName);
    expect(names).toEqual(['Lost']);
  });

  test('a create whose batch answer is lost is found again, not repeated', async () => {
    const m = mailbox();
    const folder = await m.ensureFolder(`Lost create ${p.path}`);
    emulator.updateConfig({
      faults: { script: [{ match: { method: 'POST', urlContains: '$batch' }, fault: 'lostResponse' }] },
    });
    const [out] = await m.create(folder.id, [{ ...outlookDraft(1), bcId: 'bc-lost-1' }]);
    expect(out?.ok).toBe(true);
    expect((await m.listContacts(folder.id)).map((c) => c.bcId)).toEqual(['bc-lost-1']);
  });
});

describe('every outbound call has a deadline', () => {
  test('withDeadline rejects a call that gets no answer with CallTimeoutError', async () => {
    // hangingFetch never answers: 20 ms, and the outcome cannot depend on speed.
    const timed = withDeadline(hangingFetch(), { timeoutMs: 20 });
    await expect(timed('http://127.0.0.1:9/never')).rejects.toBeInstanceOf(CallTimeoutError);
  });

  test('a Graph read without an answer fails after its attempts instead of waiting forever', async () => {
    const m = new GraphMailbox({
      baseUrl: 'http://graph.invalid/v1.0',
      mailbox: { kind: 'me' },
      getToken: async () => 'token',
      sleep: async () => undefined,
      fetch: hangingFetch(),
      timeoutMs: 20, // hangingFetch never answers
      retry: { maxAttempts: 2 },
    });
    await expect(m.ensureFolder('Business Central')).rejects.toMatchObject({
      name: 'PortFailure',
      kind: 'unavailable',
      message: expect.stringContaining('No answer within 20 ms'),
    });
  });

  test('a BC read without an answer fails; a BC create without an answer is looked up, and when that fails too it is reported as unknown, not resent', async () => {
    let sent = 0;
    const methods: string[] = [];
    const bc = new HttpBcContacts({
      baseUrl: 'http://bc.invalid/api/v2.0',
      companyId: 'c1',
      getToken: async () => 'token',
      sleep: async () => undefined,
      fetch: hangingFetch((method) => {
        sent++;
        methods.push(method);
      }),
      timeoutMs: 20, // hangingFetch never answers
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(bc.listAll()).rejects.toMatchObject({ name: 'PortFailure', kind: 'unavailable' });
    expect(sent).toBe(2);
    methods.length = 0;
    const [out] = await bc.create([{ ...person(1), type: 'Person' } as never]);
    expect(out).toMatchObject({ ok: false, error: { kind: 'unknownOutcome' } });
    // The create once, then its lookup by e-mail (a read: retried, unanswered): never the create again.
    expect(methods).toEqual(['POST', 'GET', 'GET']);
  });
});

describe('Cancel aborts requests in flight', () => {
  /** A manager whose runs reach a side that never answers; `entered` resolves when a call hangs. */
  function manager(side: 'graph' | 'bc') {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    const store = new MemorySyncStateStore();
    const memoryBc = new MemoryBcContacts(clock);
    for (let n = 1; n <= 5; n++) memoryBc.seed(person(n));
    let entered: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => (entered = resolve));
    const env = {
      bcContacts: async (_u: string, io?: RunIo): Promise<BcContacts> =>
        side === 'bc'
          ? new HttpBcContacts({
              baseUrl: 'http://bc.invalid/api/v2.0',
              companyId: 'c1',
              getToken: async () => 'token',
              fetch: hangingFetch(entered),
              ...(io ? { signal: io.signal } : {}),
            })
          : memoryBc,
      mailboxFor: (_u: string, io?: RunIo): Mailbox =>
        new GraphMailbox({
          baseUrl: 'http://facade.internal/graph/v1.0',
          mailbox: { kind: 'user', id: OID },
          getToken: () => issuer.appToken(),
          // Graph answers reads; the first write (a $batch of creates) never gets an answer.
          fetch: (input, init) => {
            const url = input instanceof Request ? input.url : String(input);
            if (side === 'graph' && url.includes('$batch')) return hangingFetch(entered)(input, init);
            return injectFetch(emu.app)(input, init);
          },
          ...(io ? { signal: io.signal } : {}),
        }),
    };
    let n = 0;
    const m = new RunManager({ store, env, clock, logger: silentLogger, newRunId: () => `run-${++n}` });
    const ended = (runId: string) =>
      new Promise<RunRecord>((resolve) => {
        m.subscribe(UPN, runId, (e) => {
          if (e.type === 'end') resolve(e.record);
        });
      });
    return { m, hung, ended, store, clock };
  }

  test.each(['graph', 'bc'] as const)(
    'a run stuck on a %s call ends as cancelled and releases its lease',
    async (side) => {
      const { m, hung, ended, clock } = manager(side);
      const view = await m.start(UPN, { mode: 'full', trigger: 'pane' });
      const end = ended(view.record.id);
      await hung;
      expect(m.cancel(UPN, view.record.id)?.cancelRequested).toBe(true);
      const record = await end;
      expect(record.status).toBe('cancelled');
      expect(record.finishedAt).not.toBeNull();
      if (side === 'graph') {
        // The hung call was a $batch of creates: it may still land, so the end keeps the folder's lease
        // for the write settle and the fresh window after the announcing save (announcedKeepMs: 70 s
        // at the defaults; brief cancelkeep) and a Sync at once is refused with when it can start.
        // The BC side hangs on a read: nothing in flight, freed at once. The clock stood still, so
        // the save was at the end.
        const keep = announcedKeepMs(DEFAULT_WRITE_SETTLE_MS);
        const until = new Date(Date.parse(record.finishedAt!) + keep).toISOString();
        const refused = await m
          .start(UPN, { mode: 'full', trigger: 'pane', dryRun: true })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(RunAlreadyActiveError);
        expect((refused as RunAlreadyActiveError).settlingUntil).toBe(until);
        clock.advance(Date.parse(until) - Date.parse(clock.now()));
      }
      // The lease is free (at once, or at the stated time): the next run is not refused.
      const next = await m.start(UPN, { mode: 'full', trigger: 'pane', dryRun: true });
      expect(next.record.id).not.toBe(view.record.id);
      await m.close();
    },
  );
});
