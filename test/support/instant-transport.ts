import { ConcurrencyLimiter } from '../../src/graph/concurrency-limiter.js';
import type { RawGraphClient } from '../../src/graph/graph-client.js';
import { GraphTransport } from '../../src/graph/graph-transport.js';
import { DEFAULT_RETRY } from '../../src/platform/retry-policy.js';

/**
 * A Graph transport over `client` that never waits: Outlook's 4 slots, sleeps that resolve at once,
 * a clock at 0 and a fixed jitter (for tests of the order of sends and answers).
 */
export function instantTransport(client: RawGraphClient): GraphTransport {
  const sleep = () => Promise.resolve();
  return new GraphTransport({
    client,
    limiter: new ConcurrencyLimiter(4, sleep, () => 0),
    sleep,
    random: () => 0.5,
    now: () => 0,
    retry: DEFAULT_RETRY,
  });
}
