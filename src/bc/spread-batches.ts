import { mapLimited } from '../platform/map-limited.js';
import { MAX_BATCH_OPERATIONS, runBatch } from './bc-batch.js';
import type { BatchOperation, OperationOutcome } from './bc-batch.js';
import type { BcHttp } from './bc-http.js';
import type { Json } from './bc-wire.js';
import { checkWrites } from './uncertain-writes.js';

/**
 * Requests sent at once (issue 12 §2: one at a time made BC the slow side of a delta). Business
 * Central Online allows 100 simultaneous requests per user and 6,000 per 5 minutes
 * (learn.microsoft.com, Business Central "Work with API limits"); 4 stays far inside both.
 */
const WRITES_IN_FLIGHT = 4;
/**
 * Fewest operations a `$batch` carries before a call's operations are spread over more envelopes:
 * BC runs a batch's operations one after another, so a call of many is cut into up to
 * WRITES_IN_FLIGHT envelopes that run side by side (issue 12 §1: requests follow the changes / 100,
 * not the changes).
 */
const MIN_OPERATIONS_PER_BATCH = 10;

/**
 * One call's operations in `$batch`es of at most MAX_BATCH_OPERATIONS, spread over up to
 * WRITES_IN_FLIGHT envelopes at once (at least MIN_OPERATIONS_PER_BATCH each); one write goes as a
 * request of its own. `readRows` (rows matching any of some filters) is how writes of unknown
 * outcome are checked (`checkWrites`) before they are sent again (issue 9 §5); without it the
 * operations are reads, so an envelope whose answer was lost may simply be sent again.
 * Outcomes in the operations' order.
 */
export async function spreadBatches(
  http: BcHttp,
  ops: readonly BatchOperation[],
  readRows?: (filters: readonly string[]) => Promise<Json[]>,
): Promise<OperationOutcome[]> {
  const size = Math.min(
    MAX_BATCH_OPERATIONS,
    Math.max(MIN_OPERATIONS_PER_BATCH, Math.ceil(ops.length / WRITES_IN_FLIGHT)),
  );
  const envelopes: BatchOperation[][] = [];
  for (let i = 0; i < ops.length; i += size) envelopes.push(ops.slice(i, i + size));
  const deps = {
    send: (requests: readonly Json[]) => {
      if (!readRows) return http.send('POST', `${http.root}/$batch`, { requests }, {}, true);
      return ops.length === 1 ? http.sendAlone(requests[0] as Json) : http.sendEnvelope(requests);
    },
    retry: http.retry,
    sleep: http.sleep,
    random: http.random,
    nowMs: http.nowMs,
    onThrottled: () => void http.throttled++,
  };
  return (
    await mapLimited(envelopes, WRITES_IN_FLIGHT, (e) =>
      runBatch(e, readRows ? { ...deps, check: (ix) => checkWrites(e, ix, readRows) } : deps),
    )
  ).flat();
}
