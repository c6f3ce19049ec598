import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { startFacade } from './harness.js';
import type { Facade } from './harness.js';

// Issue 12 §2 target: a delta with nothing changed costs 1 BC request + 1 Graph request and a
// constant number of store calls, at any folder size. Counted through the real adapters (the
// facade's BC API on PGlite, the Graph emulator over HTTP) on one world grown from SMALL to
// LARGE contacts: the idle delta's requests, its store calls (in order) and the rows those calls
// answered must be the same at both sizes — any read that grows with the folder (a link list, a
// page of contacts, a list of skipped contacts) changes one of them.

const USER = { oid: '5b0c6f1e-3333-4000-8000-00000000ec42', upn: 'idle@contoso.test' };
const SMALL = 30;
const LARGE = 300;

/** One store call of the run: its method and how many rows it answered (0 for a non-list answer). */
interface Answered {
  readonly method: string;
  readonly rows: number;
}

/** Rows in a store answer: a list, or a page of one (`items`). */
function rowsOf(answer: unknown): number {
  if (Array.isArray(answer)) return answer.length;
  const items = (answer as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items.length : 0;
}

/**
 * Wraps every method of `store` in place (code holding it sees the same object, its fenced views
 * included) and logs each call with the rows it answered.
 */
function answeredCalls(store: SyncStateStore): { take(): Answered[] } {
  let log: Answered[] = [];
  const target = store as unknown as Record<string, unknown>;
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(store) as object | null; p && p !== Object.prototype;) {
    for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor') names.add(n);
    p = Object.getPrototypeOf(p) as object | null;
  }
  for (const name of names) {
    const fn = target[name];
    if (typeof fn !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      const out = (fn as (...a: unknown[]) => unknown).apply(store, args);
      if (!(out instanceof Promise)) return out;
      const entry = { method: name, rows: 0 };
      log.push(entry);
      return out.then((answer: unknown) => {
        entry.rows = rowsOf(answer);
        return answer;
      });
    };
  }
  return {
    take() {
      const out = log;
      log = [];
      return out;
    },
  };
}

let f: Facade;
let emulator: FastifyInstance;
let mailbox: GraphMailbox;
let bc: HttpBcContacts;
const store = new MemorySyncStateStore();
const calls = answeredCalls(store);
let graphSent: string[] = [];
let bcSent: string[] = [];
let runs = 0;

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template });
  const facadeFetch = injectFetch(f.app);
  bc = new HttpBcContacts({
    baseUrl: 'http://facade.internal/api/v2.0',
    companyId: f.company.id,
    getToken: async () => f.auth.slice('Bearer '.length),
    fetch: async (input, init) => {
      bcSent.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return facadeFetch(input, init);
    },
  });
  const issuer = await createTestIssuer();
  ({ app: emulator } = await startableGraphEmulator({ auth: issuer.auth }));
  const origin = await emulator.listen({ port: 0, host: '127.0.0.1' });
  mailbox = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: () => issuer.userToken(USER.oid, USER.upn, { scopes: ['Contacts.ReadWrite'] }),
    sleep: async () => undefined,
    fetch: async (input, init) => {
      graphSent.push(`${init?.method ?? 'GET'} ${typeof input === 'string' ? input : input.url}`);
      return fetch(input, init);
    },
  });
});
afterAll(async () => {
  await emulator.close();
  await f.close();
});

async function sync(mode: SyncMode) {
  f.clock.advance(10 * 60_000);
  graphSent = [];
  bcSent = [];
  calls.take();
  const { record, plan } = await runSync(
    { bc, mailbox, store, clock: f.clock, logger: silentLogger },
    { runId: `run-${++runs}`, userId: USER.upn, mode, dryRun: false, trigger: 'pane' },
  );
  expect(record.status).toBe('succeeded');
  return { record, plan, graph: [...graphSent], bc: [...bcSent], store: calls.take() };
}

/** Runs a run reads back from its history at most (state-origin.ts RECENT_RUNS is 20). */
const HISTORY = 25;

/**
 * Grows BC to `n` contacts, syncs them all (full, then deltas until the run history a run reads
 * back is full, so it answers as many rows at both sizes), and measures an idle delta.
 */
async function idleDeltaAt(n: number, from: number) {
  const made = await bc.create(Array.from({ length: n - from }, (_, i) => bcDraft(from + i + 1)));
  expect(made.every((m) => m.ok)).toBe(true);
  await sync('full');
  while (runs < HISTORY) await sync('delta');
  await sync('delta');
  const idle = await sync('delta');
  expect(idle.plan!.items).toEqual([]);
  expect((await mailbox.listContacts((await mailbox.ensureFolder('Business Central')).id)).length).toBe(n);
  return idle;
}

describe('an idle delta costs the same at any folder size (issue 12 §2)', () => {
  test(`${SMALL} and ${LARGE} contacts: 1 Graph and 1 BC request, the same store calls answering the same rows`, async () => {
    const small = await idleDeltaAt(SMALL, 0);
    const large = await idleDeltaAt(LARGE, SMALL);

    for (const idle of [small, large]) {
      expect(idle.graph).toHaveLength(1);
      expect(idle.bc).toHaveLength(1);
    }
    expect(large.store).toEqual(small.store);
    // Nothing answered grows with the folder: at most the run's own records (its recent runs).
    expect(Math.max(...large.store.map((c) => c.rows))).toBeLessThan(HISTORY);
    expect(large.graph.map((r) => r.split('?')[0])).toEqual(small.graph.map((r) => r.split('?')[0]));
    expect(large.bc.map((r) => r.split('?')[0])).toEqual(small.bc.map((r) => r.split('?')[0]));
  });
});
