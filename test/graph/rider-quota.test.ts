import { describe, expect, test } from '@jest/globals';
import { ConcurrencyLimiter } from '../../src/graph/concurrency-limiter.js';
import type { RawGraphClient, RawResponse } from '../../src/graph/graph-client.js';
import { GraphTransport } from '../../src/graph/graph-transport.js';
import type { ItemRequest } from '../../src/graph/graph-transport.js';
import { QuotaPacer } from '../../src/graph/quota-pacer.js';
import type { PacedCalls } from '../../src/graph/quota-pacer.js';
import { DEFAULT_RETRY } from '../../src/platform/retry-policy.js';

// Review of a6d2853 (GraphTransport.ride): a delta page that rides in a $batch envelope is one
// more mailbox call in Graph's quota, like every item of the envelope. The quota pacer must count
// it: every call Graph received is a call the pacer let through and booked (quota-pacer.ts: the
// learned quota is the calls admitted; an uncounted call lets a paced run meet the 429s the pacer
// exists to avoid). Before the fix an envelope of 5 writes that carried a page sent 6 items and
// the pacer counted 5.

/** The pacer's bookings: the answers it counts as admitted calls. */
class CountingPacer extends QuotaPacer {
  booked = 0;
  override settle(calls: PacedCalls, admitted: readonly boolean[] = []): void {
    // Calls still pending are booked now: once each (a lost answer counts as admitted).
    this.booked += calls.filter((c, i) => c.at === Infinity && admitted[i] !== false).length;
    super.settle(calls, admitted);
  }
  override onAdmitted(sentAt: number, count = 1): void {
    this.booked += Math.max(0, count);
    super.onAdmitted(sentAt, count);
  }
}

const ok = (body: unknown): RawResponse => ({ status: 200, headers: new Headers(), body });

/** A Graph that answers every item 200; each $batch is held until `release` is called for it. */
function heldGraph() {
  const held: (() => void)[] = [];
  let received = 0;
  const client = {
    send: async (method: string, url: string, body?: unknown): Promise<RawResponse> => {
      await new Promise<void>((resolve) => held.push(resolve));
      if (url !== '/$batch') {
        received++;
        return ok({ value: [], '@odata.deltaLink': 'https://graph.test/v1.0/me/d?$deltatoken=x' });
      }
      const items = (body as { requests: { id: string; method: string }[] }).requests;
      received += items.length;
      return ok({
        responses: items.map((i) => ({
          id: i.id,
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body:
            i.method === 'GET'
              ? { value: [], '@odata.deltaLink': 'https://graph.test/v1.0/me/d?$deltatoken=x' }
              : { id: `c${i.id}` },
        })),
      });
    },
  } as unknown as RawGraphClient;
  return {
    client,
    held,
    get received() {
      return received;
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await settle();
  expect(cond()).toBe(true);
}

const writes = (n: number): ItemRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    method: 'POST',
    url: '/me/contacts',
    body: { givenName: `n${i}` },
  }));

describe('a page riding in a $batch envelope counts against the quota (review of a6d2853)', () => {
  test.each([5, 20])(
    'an envelope of %i writes carrying a delta page: the pacer counted every item Graph received',
    async (size) => {
      const t = 0;
      const pacer = new CountingPacer(() => t);
      const limiter = new ConcurrencyLimiter(
        4,
        async () => undefined,
        () => t,
      );
      const graph = heldGraph();
      const transport = new GraphTransport({
        client: graph.client,
        limiter,
        sleep: async () => undefined,
        random: () => 0.5,
        now: () => t,
        retry: DEFAULT_RETRY,
        pacer,
      });
      // One envelope holds the mailbox's 4 slots; the next waits for its turn; a page rides in it.
      const first = transport.batchOnce(writes(4));
      await until(() => graph.held.length === 1);
      const second = transport.batchOnce(writes(size));
      const page = transport.ride({
        method: 'GET',
        url: 'https://graph.test/v1.0/me/contactFolders/f/contacts/delta?$skiptoken=a',
      });
      await settle();
      graph.held.shift()!();
      await first;
      await until(() => graph.held.length === 1);
      graph.held.shift()!();
      const answers = await second;
      const raw = await page;
      expect(raw.status).toBe(200);
      // The page rode: no request of its own.
      expect(graph.held).toHaveLength(0);
      const sent = answers.filter((a) => typeof a !== 'symbol').length;
      expect(graph.received).toBe(4 + sent + 1);
      // Every item Graph received is booked by the pacer once answered (an item a page displaced was
      // let through and not sent: not booked; the page is booked with the envelope's answer).
      expect(pacer.booked).toBe(graph.received);
    },
  );
});
