import { describe, expect, test } from '@jest/globals';
import { CountingPacer, DELTA_PAGE, heldGraph, heldTransport, writes } from './held-graph.js';

// Review of a6d2853 (GraphTransport.ride): a delta page that rides in a $batch envelope is one
// more mailbox call in Graph's quota, like every item of the envelope. The quota pacer must count
// it: every call Graph received is a call the pacer let through and booked (quota-pacer.ts: the
// learned quota is the calls admitted; an uncounted call lets a paced run meet the 429s the pacer
// exists to avoid). Before the fix an envelope of 5 writes that carried a page sent 6 items and
// the pacer counted 5.

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await settle();
  expect(cond()).toBe(true);
}

describe('a page riding in a $batch envelope counts against the quota (review of a6d2853)', () => {
  test.each([5, 20])(
    'an envelope of %i writes carrying a delta page: the pacer counted every item Graph received',
    async (size) => {
      const t = 0;
      const pacer = new CountingPacer(() => t);
      const graph = heldGraph();
      const transport = heldTransport(graph, pacer, () => t);
      // One envelope holds the mailbox's 4 slots; the next waits for its turn; a page rides in it.
      const first = transport.batchOnce(writes(4));
      await until(() => graph.held.length === 1);
      const second = transport.batchOnce(writes(size));
      const page = transport.ride(DELTA_PAGE);
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
