/**
 * Issue 12 (first full sync, the path to its first write): runBatched's envelopes are built one
 * ahead of the wire (envelopes-ahead.ts). Before, `chunks.map` built every envelope of a round
 * (~1.3 ms of CPU each at 20 items) before the first was sent. Observed here by when each item's
 * body is read (only building an envelope reads it): at a send, only the envelopes up to it are
 * built, the next one is built while it is in flight, and each item is built into an envelope once.
 */
import { describe, expect, test } from '@jest/globals';
import { batchEnvelope } from '../../src/graph/batch-envelope.js';
import { runBatched } from '../../src/graph/batch-runner.js';
import type { ItemHandler } from '../../src/graph/batch-runner.js';
import { ConcurrencyLimiter } from '../../src/graph/concurrency-limiter.js';
import type { RawGraphClient, RawResponse } from '../../src/graph/graph-client.js';
import { GraphTransport } from '../../src/graph/graph-transport.js';
import type { ItemRequest } from '../../src/graph/graph-transport.js';
import { DEFAULT_RETRY } from '../../src/platform/retry-policy.js';

const laterTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `n` creates whose bodies note, by index, when an envelope is built of them. */
function noting(n: number): { requests: ItemRequest[]; read: Set<number>; reads: number[] } {
  const read = new Set<number>();
  const reads = Array.from({ length: n }, () => 0);
  const requests = Array.from({ length: n }, (_, i): ItemRequest => {
    const body = { givenName: `P${i}` };
    return {
      method: 'POST',
      url: '/me/contacts',
      get body() {
        read.add(i);
        reads[i] = (reads[i] ?? 0) + 1;
        return body;
      },
    };
  });
  return { requests, read, reads };
}

/** A client whose envelopes answer 201 to every item when `answer` is called, one at a time. */
function heldClient(read: Set<number>) {
  const sends: { readAtSend: number; answer: () => void }[] = [];
  const client = {
    send(_method: string, _url: string, content: unknown): Promise<RawResponse> {
      const items = (content as { requests: { id: string }[] }).requests;
      return new Promise((resolve) =>
        sends.push({
          readAtSend: read.size,
          answer: () =>
            resolve({
              status: 200,
              headers: new Headers(),
              body: {
                responses: items.map((i) => ({
                  id: i.id,
                  status: 201,
                  headers: {},
                  body: { id: `o${i.id}` },
                })),
              },
            }),
        }),
      );
    },
  };
  return { client: client as unknown as RawGraphClient, sends };
}

const handler: ItemHandler<number> = {
  settle: (_i, raw) => ({ done: raw.status }),
  recoverLost: () => Promise.resolve(new Map()),
  giveUp: () => 0,
};

function transportOf(client: RawGraphClient): GraphTransport {
  const sleep = () => Promise.resolve();
  const now = () => 0;
  return new GraphTransport({
    client,
    limiter: new ConcurrencyLimiter(4, sleep, now),
    sleep,
    random: () => 0.5,
    now,
    retry: DEFAULT_RETRY,
  });
}

/** Lets the client's pending sends come in (microtasks) without giving a later turn. */
async function settleMicrotasks(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe('runBatched builds each envelope while the one before is in flight (issue 12)', () => {
  test('200 creates: the first envelope goes out with only its own 20 items built', async () => {
    const { requests, read } = noting(200);
    const { client, sends } = heldClient(read);
    const done = runBatched(transportOf(client), requests, handler);
    await settleMicrotasks();
    expect(sends).toHaveLength(1);
    // Before: all 200 were built (10 envelopes) before the first send.
    expect(sends[0]?.readAtSend).toBe(20);
    await laterTurn();
    // The second is built while the first is in flight, and only it.
    expect(read.size).toBe(40);
    for (let k = 1; k < 10; k++) {
      sends[k - 1]?.answer();
      await settleMicrotasks();
      await laterTurn();
    }
    sends[9]?.answer();
    expect(await done).toEqual(requests.map(() => 201));
    expect(sends.map((s) => s.readAtSend)).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
  });

  // Every size of round: one envelope, a partial last one, many. An envelope whose turn comes before
  // it was built ahead is built then, and no item is built into an envelope twice.
  test.each([1, 20, 21, 59, 200])('%i creates answered at once: each built once, in order', async (n) => {
    const { requests, read, reads: perItem } = noting(n);
    const reads: number[] = [];
    let built = 0;
    const answering = {
      send(_m: string, _u: string, content: unknown): Promise<RawResponse> {
        const items = (content as { requests: { id: string; body: unknown }[] }).requests;
        built += items.length;
        reads.push(read.size);
        return Promise.resolve({
          status: 200,
          headers: new Headers(),
          body: { responses: items.map((i) => ({ id: i.id, status: 201, headers: {}, body: {} })) },
        });
      },
    } as unknown as RawGraphClient;
    expect(await runBatched(transportOf(answering), requests, handler)).toEqual(requests.map(() => 201));
    expect(built).toBe(n);
    expect(reads[0]).toBe(Math.min(n, 20));
    await laterTurn();
    expect(read.size).toBe(n);
    // Each item's body read as often as one build of it reads it.
    const lone = noting(1);
    batchEnvelope(lone.requests);
    expect(new Set(perItem)).toEqual(new Set(lone.reads));
  });
});
