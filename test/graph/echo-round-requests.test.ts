import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { FetchLike } from '../../src/graph/graph-client.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { recordedSync } from '../support/recorded-sync.js';
import { person } from '../support/world.js';

// Issue 12 over Graph (the emulator on loopback): a first full sync of 1,000 into a folder it
// makes sends 1,000 $batch items (its writes: at most 1.0 item per contact written) and 60 requests
// (0.060 per contact: the folder's look-up as the run reads, its creation once the run may write,
// 49 envelopes of 20 writes, the last 20 as 3 sequential envelopes of 7, 7 and 6 beside which its
// echo round's 5 delta pages go (batch-lanes.ts), then one catch-up page once every write answered.
// The cursor is past every write: the next delta is one request. Counted in requests and their
// order, which load does not change.

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
  test('1,000 contacts: 1,000 items in 52 envelopes, the echo round’s pages beside the last 3, one page after them', async () => {
    for (let i = 1; i <= N; i++) world.bc.seed(person(i));
    order = [];
    const full = await world.sync(mailbox, 'full');
    expect(full.record.counts.outlook.created).toBe(N);
    const batches = order.filter((r) => r.startsWith('batch'));
    // The last three go out together: the order they reach the wire is the event loop's (load 27 gave 6, 7, 7).
    expect([...batches.slice(0, 49), ...batches.slice(49).sort().reverse()]).toEqual([
      ...Array<string>(49).fill('batch 20+0'),
      'batch 7+0',
      'batch 7+0',
      'batch 6+0',
    ]);
    // After the last full envelope: the 3 sequential ones and the round's 5 pages beside them (in the
    // order they were handed to the wire), then the catch-up page: 6 pages, the last one last.
    const lastFull = order.lastIndexOf('batch 20+0');
    const tail = order.slice(lastFull + 1);
    expect([tail.filter((r) => r === 'delta').length, tail.length, tail.at(-1)]).toEqual([6, 9, 'delta']);
    expect(tail.slice(0, 4).sort()).toEqual(['batch 6+0', 'batch 7+0', 'batch 7+0', 'delta']);
    // 60: the folder looked up as the run reads, then made once it may write (leaks 4); the making
    // no longer looks it up again (05d3249: Graph's 409 ErrorFolderExists finds one made meanwhile).
    expect([full.requests, order.length]).toEqual([60, 60]);
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
