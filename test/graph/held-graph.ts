import { ConcurrencyLimiter } from '../../src/graph/concurrency-limiter.js';
import type { RawGraphClient, RawResponse } from '../../src/graph/graph-client.js';
import { GraphTransport } from '../../src/graph/graph-transport.js';
import type { ItemRequest } from '../../src/graph/graph-transport.js';
import { QuotaPacer } from '../../src/graph/quota-pacer.js';
import type { PacedCalls } from '../../src/graph/quota-pacer.js';
import { DEFAULT_RETRY } from '../../src/platform/retry-policy.js';

// A held, scripted Graph and a pacer that counts its bookings, for the tests of a delta page riding
// in a $batch envelope (GraphTransport.ride) under the quota pacer.

/** The pacer's bookings: the answers it counts as admitted calls. */
export class CountingPacer extends QuotaPacer {
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
const DELTA = { value: [], '@odata.deltaLink': 'https://graph.test/v1.0/me/d?$deltatoken=x' };

/**
 * A Graph that answers every item 200 (a delta page: the last, empty); each request is held until
 * the test calls the next of `held`. `received`: the calls Graph received (a $batch: its items).
 */
export function heldGraph() {
  const held: (() => void)[] = [];
  let received = 0;
  const client = {
    send: async (_method: string, url: string, body?: unknown): Promise<RawResponse> => {
      await new Promise<void>((resolve) => held.push(resolve));
      if (url !== '/$batch') {
        received++;
        return ok(DELTA);
      }
      const items = (body as { requests: { id: string; method: string }[] }).requests;
      received += items.length;
      return ok({
        responses: items.map((i) => ({
          id: i.id,
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: i.method === 'GET' ? DELTA : { id: `c${i.id}` },
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

/** `n` contact creates, as $batch items. */
export const writes = (n: number): ItemRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    method: 'POST',
    url: '/me/contacts',
    body: { givenName: `n${i}` },
  }));

/** A delta page's request, as the transport rides it. */
export const DELTA_PAGE: ItemRequest = {
  method: 'GET',
  url: 'https://graph.test/v1.0/me/contactFolders/f/contacts/delta?$skiptoken=a',
};

/**
 * A transport to `graph` paced by `pacer`, with the mailbox's 4 slots; `now` is the test's clock
 * and `sleep` (the limiter's and the transport's) returns at once unless given.
 */
export function heldTransport(
  graph: ReturnType<typeof heldGraph>,
  pacer: QuotaPacer,
  now: () => number,
  sleep: (ms: number) => Promise<void> = async () => undefined,
): GraphTransport {
  return new GraphTransport({
    client: graph.client,
    limiter: new ConcurrencyLimiter(4, sleep, now),
    sleep,
    random: () => 0.5,
    now,
    retry: DEFAULT_RETRY,
    pacer,
  });
}
