import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { FetchLike } from '../../src/graph/graph-client.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { recordedSync } from '../support/recorded-sync.js';
import { person } from '../support/world.js';

// Issue 12 over Graph (the emulator on loopback): a first full sync of 1,000 into a folder it
// makes sends 1,000 $batch items (its writes: at most 1.0 item per contact written) and 57 requests
// (0.057 per contact: the folder's look-up as the run reads, its creation once the run may write,
// 50 envelopes of 20 writes, then its echo
// round's 5 delta pages, each on its own after the last write). The cursor is past every write: the
// next delta is one request. Counted in requests and their order, which load does not change.

const USER = { oid: '5b0c6f1e-2222-4000-8000-00000000ec43', upn: 'echo-round@contoso.test' };
const N = 1000;

let app: FastifyInstance;
let mailbox: GraphMailbox;
const world = recordedSync(USER.upn);
/** Every Graph request in order: `batch W+R` (its writes and reads) or `delta` / `other` on its own. */
let order: string[] = [];

const logging: FetchLike = async (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  if (url.endsWith('/$batch') && typeof init?.body === 'string') {
    const items = (JSON.parse(init.body) as { requests: { method: string; url: string }[] }).requests;
    const writes = items.filter((i) => i.method !== 'GET').length;
    order.push(`batch ${writes}+${items.length - writes}`);
  } else order.push(url.includes('/delta') ? 'delta' : 'other');
  return world.fetch(input, init);
};

beforeAll(async () => {
  ({ app, mailbox } = await emulatedGraph(USER, logging));
});
afterAll(async () => {
  await app.close();
});

describe('a first full sync’s requests and batch items (issue 12)', () => {
  test('1,000 contacts: 1,000 items in 50 envelopes, the echo round’s 5 pages on their own after them', async () => {
    for (let i = 1; i <= N; i++) world.bc.seed(person(i));
    order = [];
    const full = await world.sync(mailbox, 'full');
    expect(full.record.counts.outlook.created).toBe(N);
    const batches = order.filter((r) => r.startsWith('batch'));
    expect(batches).toEqual(Array<string>(50).fill('batch 20+0'));
    const lastWrite = order.lastIndexOf('batch 20+0');
    expect(order.slice(lastWrite + 1)).toEqual(Array<string>(5).fill('delta'));
    // 57: the folder looked up as the run reads, then made once it may write (leaks 4); the making
    // no longer looks it up again (05d3249: Graph's 409 ErrorFolderExists finds one made meanwhile).
    expect([full.requests, order.length]).toEqual([57, 57]);
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
