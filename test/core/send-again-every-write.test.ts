import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { leaseKeyOf } from '../../src/core/lease.js';
import { heldPorts } from '../../src/core/lease-keeper.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { LEASE_TTL_MS, runSync } from '../../src/core/run.js';
import { silentLogger } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { USER, person } from '../support/world.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import type { BcContacts, Mailbox, WriteOutcome } from '../../src/core/ports.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/graph-client.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { outlookDraft } from '../contracts/fixtures.js';
import { ROWS_BASE, applyOn, rowId } from '../bc/bc-rows.js';
import type { Op, Row } from '../bc/bc-rows.js';
import { scriptedBc } from '../bc/scripted-bc.js';

/*
 * Trust lead 2 (b): every write kind of a run, through the run's held ports (lease-keeper.ts
 * heldPorts: what the executor, a folder move's removal of old copies and a resolve write through),
 * when the first request's answer is lost (applied, no answer) or answered 429 while the lease is
 * lost during the wait. The callers here pass no SendAgain of their own (as a folder move's deletes
 * and a resolve's writes): the held ports supply it. Asserted: nothing written twice, nothing lost
 * (a lost answer ends applied and said so; a write not sent again says "not applied", never ok),
 * and no write sent once the lease is gone.
 */

type Kind = 'bc.create' | 'bc.update' | 'outlook.create' | 'outlook.update' | 'outlook.delete';
type Fault = 'answer lost' | '429 then lease lost';
const KINDS: readonly Kind[] = [
  'bc.create',
  'bc.update',
  'outlook.create',
  'outlook.update',
  'outlook.delete',
];
const FAULTS: readonly Fault[] = ['answer lost', '429 then lease lost'];

/** The lease as the held ports see it: lost once `gone` is set. */
function lease() {
  const state = { gone: false, writesAfter: 0 };
  const held = async (): Promise<void> => {
    if (state.gone) throw new LeaseLostError('the lease was taken over');
  };
  return { state, held };
}

const isWriteBody = (body: unknown): boolean =>
  Array.isArray((body as { requests?: unknown } | undefined)?.requests) &&
  ((body as { requests: { method?: string }[] }).requests ?? []).some((r) => (r.method ?? 'GET') !== 'GET');

/** A scripted BC (bc-rows.ts) whose first request of writes fails as `fault` says. */
function faultyBc(fault: Fault, state: { gone: boolean; writesAfter: number }, seeded: number) {
  const rows: Row[] = Array.from({ length: seeded }, (_, k) => ({
    id: rowId(k),
    '@odata.etag': 'W/"1"',
    ...bcDraft(k),
  }));
  const apply = applyOn(rows);
  let writes = 0;
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? (JSON.parse(String(init.body)) as Row) : undefined;
    const batch = url === `${ROWS_BASE}/$batch`;
    const ops: Op[] = batch
      ? ((body?.requests ?? []) as Op[])
      : [
          {
            id: '-',
            method,
            url: url.slice(ROWS_BASE.length + 1),
            headers: (init?.headers ?? {}) as Record<string, string>,
            ...(body ? { body } : {}),
          },
        ];
    const writing = ops.some((o) => o.method !== 'GET');
    if (writing && state.gone) state.writesAfter++;
    const first = writing && ++writes === 1;
    if (first && fault === 'answer lost') {
      ops.forEach(apply);
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    }
    const answer = (op: Op) =>
      first
        ? {
            status: 429,
            headers: { 'retry-after': '1' },
            body: { error: { code: 'Http429', message: 'injected' } },
          }
        : apply(op);
    if (first) state.gone = true;
    if (batch)
      return Response.json({ responses: ops.map((op) => ({ id: op.id, headers: {}, ...answer(op) })) });
    const a = answer(ops[0] as Op);
    return Response.json(a.body, { status: a.status, headers: 'headers' in a ? a.headers : {} });
  }) as unknown as typeof fetch;
  return { bc: scriptedBc(ROWS_BASE, fetchFn, { nowMs: () => Date.parse('2026-01-01T00:00:00Z') }), rows };
}

describe('every write kind: a lost answer or a 429 with the lease lost meanwhile', () => {
  let app: FastifyInstance;
  let emulator: GraphEmulator;
  let origin: string;
  let token: () => Promise<string>;

  beforeAll(async () => {
    const issuer = await createTestIssuer();
    ({ app, emulator } = await startableGraphEmulator({ auth: issuer.auth }));
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    token = () => issuer.userToken('oid-send-again', 'ann@contoso.com', { scopes: ['Contacts.ReadWrite'] });
  });
  afterAll(async () => {
    await app.close();
  });

  /** The emulator's mailbox through a fetch that notes writes sent once the lease is gone. */
  function graphOn(state: { gone: boolean; writesAfter: number }): GraphMailbox {
    const send: FetchLike = async (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const method = init?.method ?? 'GET';
      const writing =
        (method !== 'GET' && !String(typeof input === 'string' ? input : input.url).endsWith('$batch')) ||
        isWriteBody(body);
      if (writing && state.gone) state.writesAfter++;
      const answer = await fetch(input, init);
      // The lease is lost while the adapter waits out the 429 (the first write's answer).
      if (writing && answer.status === 200 && scripted429) {
        scripted429 = false;
        state.gone = true;
      }
      return answer;
    };
    let scripted429 = false;
    const mailbox = new GraphMailbox({
      baseUrl: `${origin}/v1.0`,
      mailbox: { kind: 'me' },
      getToken: token,
      sleep: async () => undefined,
      fetch: send,
    });
    return Object.assign(mailbox, {
      arm429: () => {
        scripted429 = true;
      },
    });
  }

  const CASES = KINDS.flatMap((kind) => FAULTS.map((fault) => [kind, fault] as const));

  test.each(CASES)('%s, %s', async (kind, fault) => {
    const { state, held } = lease();
    const outcomes: WriteOutcome<unknown>[] = [];
    if (kind === 'bc.create' || kind === 'bc.update') {
      const { bc, rows } = faultyBc(fault, state, kind === 'bc.update' ? 1 : 0);
      const ports = heldPorts({ bc: bc as BcContacts, mailbox: {} as Mailbox }, held);
      if (kind === 'bc.create') outcomes.push(...(await ports.bc.create([bcDraft(7)])));
      else
        outcomes.push(
          ...(await ports.bc.update([{ id: rowId(0), etag: 'W/"1"', patch: { city: 'Aarhus' } }])),
        );
      const applied =
        kind === 'bc.create'
          ? rows.filter((r) => r.email === bcDraft(7).email).length
          : rows.filter((r) => r.city === 'Aarhus').length;
      expectOutcome(fault, outcomes, applied, state.writesAfter);
      return;
    }
    emulator.reset();
    const raw = graphOn(state) as GraphMailbox & { arm429: () => void };
    const folder = await raw.ensureFolder(`Send again ${kind} ${fault}`);
    const [made] =
      kind === 'outlook.create' ? [] : await raw.create(folder.id, [outlookDraft(1, { bcId: rowId(1) })]);
    const ports = heldPorts({ bc: {} as BcContacts, mailbox: raw as Mailbox }, held);
    const method = kind === 'outlook.create' ? 'POST' : kind === 'outlook.update' ? 'PATCH' : 'DELETE';
    emulator.updateConfig({
      faults: {
        script: [
          {
            match: { method, urlContains: '/contacts' },
            fault: fault === 'answer lost' ? 'lostResponse' : '429',
          },
        ],
      },
    });
    if (fault !== 'answer lost') raw.arm429();
    const id = made?.ok ? made.value.id : '';
    const changeKey = made?.ok ? made.value.changeKey : '';
    if (kind === 'outlook.create')
      outcomes.push(...(await ports.mailbox.create(folder.id, [outlookDraft(2, { bcId: rowId(2) })])));
    if (kind === 'outlook.update')
      outcomes.push(
        ...(await ports.mailbox.update(folder.id, [
          { id, changeKey, patch: { displayName: 'Outlook 1', jobTitle: 'Moved' } },
        ])),
      );
    if (kind === 'outlook.delete')
      outcomes.push(...(await ports.mailbox.delete(folder.id, [{ id, changeKey }])));
    const now = await raw.listContacts(folder.id);
    const applied =
      kind === 'outlook.create'
        ? now.filter((c) => c.bcId === rowId(2)).length
        : kind === 'outlook.update'
          ? now.filter((c) => c.jobTitle === 'Moved').length
          : now.some((c) => c.id === id)
            ? 0
            : 1;
    expectOutcome(fault, outcomes, applied, state.writesAfter);
  });

  /*
   * The writes Graph's adapter sends on their own through GraphTransport.request, not in `$batch`
   * envelopes (folderlease): the folder's creation (POST) and its renames (PATCH). Each, when its
   * first attempt is refused 429, or its answer lost (applied), or its request lost (not applied),
   * while the lease is lost meanwhile: never sent again once the lease is gone, applied at most
   * once, and ended as the lease's loss (LeaseLostError, what a run records `leaseLost`), not as
   * Outlook `unavailable`. A lost answer found applied by the adapter's look-up ends done.
   */
  type FolderWrite = 'ensureFolder' | 'renameFolderById' | 'renameFolder (GraphMailbox, by name)';
  type FolderFault = '429 then lease lost' | 'answer lost then lease lost' | 'request lost then lease lost';
  const FOLDER_WRITES: readonly FolderWrite[] = [
    'ensureFolder',
    'renameFolderById',
    'renameFolder (GraphMailbox, by name)',
  ];
  const FOLDER_FAULTS: Record<FolderFault, 'lostResponse' | 'reset' | '429'> = {
    '429 then lease lost': '429',
    'answer lost then lease lost': 'lostResponse',
    'request lost then lease lost': 'reset',
  };
  const FOLDER_CASES = FOLDER_WRITES.flatMap((write) =>
    (Object.keys(FOLDER_FAULTS) as FolderFault[]).map((fault) => [write, fault] as const),
  );

  /** The top-level folders' names, as the emulator holds them. */
  async function folderNames(): Promise<string[]> {
    const res = await fetch(`${origin}/v1.0/me/contactFolders?$top=100`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    return ((await res.json()) as { value: { displayName: string }[] }).value.map((f) => f.displayName);
  }

  test.each(FOLDER_CASES)('%s, %s', async (write, fault) => {
    emulator.reset();
    const { state, held } = lease();
    let armed = false;
    // The lease is lost once the faulted write's attempt ended (answered or not), while the
    // adapter waits before it would go again.
    const send: FetchLike = async (input, init) => {
      const method = init?.method ?? 'GET';
      const faulted = armed && method !== 'GET';
      if (method !== 'GET' && state.gone) state.writesAfter++;
      try {
        return await fetch(input, init);
      } finally {
        if (faulted) {
          armed = false;
          state.gone = true;
        }
      }
    };
    const raw = new GraphMailbox({
      baseUrl: `${origin}/v1.0`,
      mailbox: { kind: 'me' },
      getToken: token,
      sleep: async () => undefined,
      fetch: send,
    });
    const name = `Folder ${write} ${fault}`;
    const before = write === 'ensureFolder' ? null : await raw.ensureFolder(`${name} (old)`);
    const ports = heldPorts({ bc: {} as BcContacts, mailbox: raw as Mailbox }, held);
    emulator.updateConfig({
      faults: {
        script: [
          {
            match: { method: write === 'ensureFolder' ? 'POST' : 'PATCH', urlContains: '/contactFolders' },
            fault: FOLDER_FAULTS[fault],
          },
        ],
      },
    });
    armed = true;
    const call =
      write === 'ensureFolder'
        ? ports.mailbox.ensureFolder(name)
        : write === 'renameFolderById'
          ? ports.mailbox.renameFolderById(before!.id, name)
          : raw.renameFolder(`${name} (old)`, name, async () => {
              await held();
              return true;
            });
    const ended = await call.then(
      (folder) => ({ folder }),
      (error: unknown) => ({ error }),
    );
    const names = await folderNames();
    expect(state.writesAfter).toBe(0);
    if (fault === 'answer lost then lease lost') {
      // Applied by the first attempt and found so: done, once.
      expect(ended).toEqual({ folder: expect.objectContaining({ displayName: name }) });
      expect(names.filter((n) => n === name)).toHaveLength(1);
    } else {
      expect(ended).toEqual({ error: expect.any(LeaseLostError) });
      expect(names).not.toContain(name);
    }
  });

  test("the example: a run's folder POST refused 429, another host takes the lease during the wait: not sent again, the run ends leaseLost", async () => {
    emulator.reset();
    const clock = new ManualClock();
    const store = new MemorySyncStateStore();
    const bc = new MemoryBcContacts(clock);
    bc.seed(person(1));
    const key = leaseKeyOf(USER, DEFAULT_SETTINGS.folderName);
    const folderPosts: string[] = [];
    let tookOver = false;
    const mailbox = new GraphMailbox({
      baseUrl: `${origin}/v1.0`,
      mailbox: { kind: 'me' },
      getToken: token,
      fetch: async (input, init) => {
        const url = typeof input === 'string' ? input : input.url;
        if (init?.method === 'POST' && /\/contactFolders$/.test(url)) folderPosts.push(url);
        return fetch(input, init);
      },
      // The 429's wait: the run's host stalls past its lease, and another host takes the folder.
      sleep: async () => {
        if (tookOver || folderPosts.length === 0) return;
        tookOver = true;
        clock.advance(LEASE_TTL_MS + 1);
        expect((await store.acquireLease(key, 'host-b', clock.now(), LEASE_TTL_MS)).ok).toBe(true);
      },
    });
    emulator.updateConfig({
      faults: { script: [{ match: { method: 'POST', urlContains: '/contactFolders' }, fault: '429' }] },
    });
    const run = runSync(
      { bc, mailbox, store, clock, logger: silentLogger },
      { runId: 'run-a', userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
    ).then(
      (outcome) => outcome.record.errors.map((e) => e.code),
      (error: unknown) => error,
    );
    // Before: the POST went again after the wait, and host A made the folder on host B's lease.
    expect([await run, folderPosts.length, await folderNames(), tookOver]).toEqual([
      expect.any(LeaseLostError),
      1,
      [],
      true,
    ]);
    // Recorded as the lease's loss (not Outlook `unavailable`): the folder's look-up as the run
    // reads and its one POST once the run may write (leaks item 4; no look-up again before it,
    // ensure-folder-first).
    expect(await store.getRun(USER, 'run-a')).toMatchObject({
      status: 'failed',
      errors: [{ code: 'leaseLost' }],
      graph: { requests: 2, throttled: 1 },
    });
  });
});

/**
 * A lost answer: applied once and answered ok (found by the adapter's check). A 429 with the lease
 * lost meanwhile: nothing applied, nothing sent after the lease was gone, and the outcome says so
 * (`unavailable`: not applied, the next run writes it), never ok nor left unknown.
 */
function expectOutcome(
  fault: Fault,
  outcomes: readonly WriteOutcome<unknown>[],
  applied: number,
  writesAfter: number,
): void {
  expect(writesAfter).toBe(0);
  if (fault === 'answer lost') {
    expect(outcomes.map((o) => o.ok)).toEqual([true]);
    expect(applied).toBe(1);
  } else {
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(['unavailable']);
    expect(applied).toBe(0);
  }
}
