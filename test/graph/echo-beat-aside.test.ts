import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { FetchLike } from '../../src/graph/graph-client.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { pollUntil } from '../support/poll.js';
import { recordedSync } from '../support/recorded-sync.js';

// Issue 12 §2: the round a run follows past its own writes before it stores its cursor beats the
// lease between its pages, and a renewal (a store round trip, with the record's checkpoint) does not
// hold the next page back: a first full sync's tail waited 20-70 ms for one under load.

const USER = { oid: '5b0c6f1e-2222-4000-8000-00000000ec42', upn: 'echo-beat@contoso.test' };
/** Three delta pages of the run's own writes (200 a page). */
const N = 450;

let app: FastifyInstance;
let mailbox: GraphMailbox;
const world = recordedSync(USER.upn);
/** Delta pages asked for since the run's first one. */
let deltaPages = 0;
let onFirstPage: (() => void) | null = null;

const counting: FetchLike = async (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  if (url.includes('/contacts/delta')) {
    deltaPages++;
    if (deltaPages === 1) onFirstPage?.();
  }
  return world.fetch(input, init);
};

beforeAll(async () => {
  ({ app, mailbox } = await emulatedGraph(USER, counting));
});
afterAll(async () => {
  await app.close();
});

describe('the round past the run’s own writes (issue 12 §2)', () => {
  test('a lease renewal due between its pages does not hold the next page back', async () => {
    // The renewal falls due at the round's first page (20 s later, within the 30 s lease) and
    // answers only once the round has asked for its last page.
    onFirstPage = () => world.clock.advance(20_000);
    const renewals: number[] = [];
    const renew = world.store.renewLease.bind(world.store);
    const spy = jest.spyOn(world.store, 'renewLease').mockImplementation(async (...args) => {
      renewals.push(deltaPages);
      await pollUntil(
        'the round’s last page while the renewal is out',
        () => (deltaPages >= 3 ? true : undefined),
        {
          boundMs: 30_000,
        },
      );
      return renew(...args);
    });
    try {
      const full = await world.firstFullSync(mailbox, N);
      expect(full.deltaPages).toHaveLength(3);
    } finally {
      spy.mockRestore();
      onFirstPage = null;
    }
    // Asked for after the first page, answered after the third.
    expect(renewals).toEqual([1]);
    const idle = await world.sync(mailbox, 'delta');
    expect([idle.requests, idle.plan.items]).toEqual([1, []]);
  });
});
