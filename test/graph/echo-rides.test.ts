import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { FetchLike } from '../../src/graph/graph-client.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { recordedSync } from '../support/recorded-sync.js';
import { person } from '../support/world.js';

// Issue 12 §2 over Graph (the emulator on loopback): a first full sync's echo round starts while
// its last writes are still out (run-cursor.ts EchoRound), and its delta pages ride in their $batch
// envelopes (GraphTransport.ride) instead of following the last write one after another (each
// page on its own holds the mailbox's 4 slots for its latency: an envelope weighs all 4). Once every
// write answered, one catch-up page; the cursor is past every write. Counted in requests and in
// their order, which load does not change.

const USER = { oid: '5b0c6f1e-2222-4000-8000-00000000ec43', upn: 'echo-rides@contoso.test' };
const N = 1000;

let app: FastifyInstance;
let mailbox: GraphMailbox;
const world = recordedSync(USER.upn);
/** Every Graph request in order: `batch` (with its delta items, if any rode) or `delta` on its own. */
let order: string[] = [];

const logging: FetchLike = async (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  if (url.endsWith('/$batch') && typeof init?.body === 'string') {
    const items = (JSON.parse(init.body) as { requests: { method: string; url: string }[] }).requests;
    const rode = items.filter((i) => i.url.includes('/delta')).length;
    const writes = items.filter((i) => i.method !== 'GET').length;
    order.push(rode > 0 ? `batch ${writes}+delta` : `batch ${writes}`);
  } else order.push(url.includes('/delta') ? 'delta' : 'other');
  return world.fetch(input, init);
};

beforeAll(async () => {
  ({ app, mailbox } = await emulatedGraph(USER, logging));
});
afterAll(async () => {
  await app.close();
});

describe('the echo round rides in the last writes’ envelopes (issue 12 §2)', () => {
  test('a first full sync of 1,000: its pages ride along the last writes, one page after them', async () => {
    for (let i = 1; i <= N; i++) world.bc.seed(person(i));
    order = [];
    const full = await world.sync(mailbox, 'full');
    expect(full.record.counts.outlook.created).toBe(N);
    const lastWrite = order.findLastIndex((r) => r.startsWith('batch') && !r.startsWith('batch 0'));
    const rode = order.filter((r) => r.endsWith('+delta'));
    // Before: 5 pages on their own after the last envelope (57 requests).
    expect(order.slice(lastWrite + 1)).toEqual(['delta']);
    expect(rode.length).toBeGreaterThanOrEqual(3);
    expect(full.requests).toBeLessThanOrEqual(55);
    expect(full.readsById).toEqual([]);
    // The cursor is past every write: the next delta is one request that reports nothing.
    const idle = await world.sync(mailbox, 'delta');
    expect([idle.requests, idle.deltaPages.length, idle.readsById.length, idle.plan.items]).toEqual([
      1,
      1,
      0,
      [],
    ]);
  });
});
