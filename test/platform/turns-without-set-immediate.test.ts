/**
 * The pane's browser has no `setImmediate`, and the Graph adapter waits for turns of the event loop
 * there too (envelopes-ahead.ts builds the next envelope on one; batch-runner.ts settles an
 * answered envelope on one). Before, loop-turns.ts called `setImmediate` as Node has it: in the
 * pane every turn asked for threw, so an envelope was never built ahead and, once the runner waited
 * for a turn, every batched call would have failed. Every way loop-turns gives a turn, with
 * `setImmediate` gone, and the runner over it.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runBatched } from '../../src/graph/batch-runner.js';
import type { RawGraphClient, RawResponse } from '../../src/graph/graph-client.js';
import { instantTransport } from '../support/instant-transport.js';
import { mapInSlices, nextTurn, ownTurn } from '../../src/platform/loop-turns.js';

const saved = globalThis.setImmediate;
beforeEach(() => {
  // As in a browser: no such global.
  delete (globalThis as { setImmediate?: unknown }).setImmediate;
});
afterEach(() => {
  globalThis.setImmediate = saved;
});

const TURNS: readonly [string, () => Promise<unknown>][] = [
  ['nextTurn', () => nextTurn()],
  ['ownTurn', () => ownTurn()],
  ['mapInSlices (its default pause)', () => mapInSlices([1, 2, 3], (x) => x * 2)],
];

describe('turns of the event loop without setImmediate (the pane)', () => {
  test.each(TURNS)('%s resolves, on a later turn', async (_name, turn) => {
    let later = false;
    const done = turn().then(() => later);
    await Promise.resolve();
    later = true;
    expect(await done).toBe(true);
  });

  // A hidden page's timeouts wait up to a second each (Chromium), nested ones 4 ms: every way
  // loop-turns gives a turn takes a MessageChannel message where the page has one, no timeout.
  test.each(TURNS)('%s uses no timeout where a MessageChannel is', async (_name, turn) => {
    const realTimeout = globalThis.setTimeout;
    let timerCalls = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      timerCalls += 1;
      return realTimeout(...args);
    }) as typeof setTimeout;
    try {
      await Promise.all([turn(), turn(), turn()]);
    } finally {
      globalThis.setTimeout = realTimeout;
    }
    expect(timerCalls).toBe(0);
  });

  test('a page with neither setImmediate nor MessageChannel still gets its turn (a timeout)', async () => {
    const channel = globalThis.MessageChannel;
    delete (globalThis as { MessageChannel?: unknown }).MessageChannel;
    try {
      expect(await ownTurn().then(() => 'turned')).toBe('turned');
    } finally {
      globalThis.MessageChannel = channel;
    }
  });

  test('runBatched over 41 creates: three envelopes, every item answered', async () => {
    const client = {
      send(_m: string, _u: string, content: unknown): Promise<RawResponse> {
        const items = (content as { requests: { id: string }[] }).requests;
        return Promise.resolve({
          status: 200,
          headers: new Headers(),
          body: { responses: items.map((i) => ({ id: i.id, status: 201, headers: {}, body: {} })) },
        });
      },
    } as unknown as RawGraphClient;
    const transport = instantTransport(client);
    const requests = Array.from({ length: 41 }, (_, i) => ({
      method: 'POST' as const,
      url: '/me/contacts',
      body: { givenName: `P${i}` },
    }));
    const handler = {
      settle: (_i: number, raw: RawResponse) => ({ done: raw.status }),
      recoverLost: () => Promise.resolve(new Map<number, number>()),
      giveUp: () => 0,
    };
    expect(await runBatched(transport, requests, handler)).toEqual(requests.map(() => 201));
    // Without a turn it hung (a failed schedule left loop-turns waiting forever): fail fast.
  });
});
